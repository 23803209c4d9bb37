import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { resolveInside } from '../../../src/artifacts/safePath';
import { isUserError } from '../../../src/core/errors';
import { tempDir } from '../helpers/temp';

/** A root with `model/MLmodel`, a sibling folder outside it with `secret.txt`, and links of both kinds. */
function rootWithLinks(): { root: string; outside: string } {
  const base = tempDir('safe-path-');
  const root = path.join(base, 'artifacts');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(path.join(root, 'model'), { recursive: true });
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(root, 'model', 'MLmodel'), 'flavors: {}\n');
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'not an artifact');
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'leak.txt'));
  fs.symlinkSync(outside, path.join(root, 'leak-dir'));
  fs.symlinkSync(path.join(root, 'model'), path.join(root, 'same-model'));
  return { root, outside };
}

function refused(root: string, relative: string, words: RegExp): void {
  assert.throws(() => resolveInside(root, relative), (error: unknown) => {
    assert.ok(isUserError(error), `a UserError, not ${String(error)}`);
    assert.match(error.message, words);
    assert.ok(error.message.includes(relative), `names the path: ${error.message}`);
    return true;
  });
}

describe('resolveInside', () => {
  it('gives the real path of a file inside the root, through a link that stays inside', () => {
    const { root } = rootWithLinks();
    assert.equal(resolveInside(root, 'model/MLmodel'), fs.realpathSync(path.join(root, 'model', 'MLmodel')));
    assert.equal(resolveInside(root, 'same-model/MLmodel'), fs.realpathSync(path.join(root, 'model', 'MLmodel')));
    assert.equal(resolveInside(root, ''), fs.realpathSync(root));
  });

  it('refuses ".." segments even when they would land back inside', () => {
    const { root } = rootWithLinks();
    refused(root, '../outside/secret.txt', /"\.\."/);
    refused(root, 'model/../model/MLmodel', /"\.\."/);
    refused(root, 'model\\..\\..\\outside\\secret.txt', /"\.\."/);
  });

  it('refuses absolute paths, POSIX and Windows', () => {
    const { root, outside } = rootWithLinks();
    refused(root, path.join(outside, 'secret.txt'), /absolute/);
    refused(root, 'C:\\Windows\\win.ini', /absolute/);
    refused(root, 'C:secret.txt', /absolute/);
  });

  it('refuses symbolic links, to a file or a folder, that lead outside', () => {
    const { root } = rootWithLinks();
    refused(root, 'leak.txt', /outside the artifact folder/);
    refused(root, 'leak-dir/secret.txt', /outside the artifact folder/);
    refused(root, 'leak-dir', /outside the artifact folder/);
  });

  it('says a missing path does not exist, and a link loop is one', () => {
    const { root } = rootWithLinks();
    refused(root, 'model/model.pkl', /does not exist/);
    fs.symlinkSync('loop-b', path.join(root, 'loop-a'));
    fs.symlinkSync('loop-a', path.join(root, 'loop-b'));
    refused(root, 'loop-a', /symbolic link loop/);
  });

  it('refuses a NUL character', () => {
    const { root } = rootWithLinks();
    assert.throws(() => resolveInside(root, 'model/MLmodel\0.png'), /NUL/);
  });
});
