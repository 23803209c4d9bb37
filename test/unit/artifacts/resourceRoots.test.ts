import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { resourceRootsWithin } from '../../../src/artifacts/resourceRoots';
import { tempDir } from '../helpers/temp';

/** Whether a webview granted `roots` could load `file`: VS Code matches by path prefix, without following links. */
const covers = (roots: readonly string[], file: string) => roots.some((r) => file === r || file.startsWith(`${r}${path.sep}`));

describe('resourceRootsWithin', () => {
  it('grants a folder whole when nothing in it leads out', () => {
    const root = tempDir('grant-clean-');
    fs.mkdirSync(path.join(root, 'plots', 'images'), { recursive: true });
    fs.writeFileSync(path.join(root, 'plots', 'images', '0.png'), 'png');
    fs.symlinkSync(path.join(root, 'plots', 'images', '0.png'), path.join(root, 'plots', 'latest.png'));
    assert.deepEqual(resourceRootsWithin(root, fs.realpathSync(root)), [root]);
  });

  it('never covers a link that leads out, nor a link to a folder, and still covers everything else', () => {
    const root = tempDir('grant-links-');
    const outside = tempDir('grant-outside-');
    fs.writeFileSync(path.join(outside, 'id_rsa'), 'secret');
    const images = path.join(root, 'plots', 'images');
    fs.mkdirSync(path.join(images, 'val'), { recursive: true });
    fs.mkdirSync(path.join(root, 'plots', 'sklearn'), { recursive: true });
    fs.writeFileSync(path.join(images, '0.jpg'), 'jpg');
    fs.writeFileSync(path.join(images, 'val', '1.jpg'), 'jpg');
    fs.writeFileSync(path.join(root, 'plots', 'sklearn', 'roc.json'), '{}');
    fs.symlinkSync(path.join(outside, 'id_rsa'), path.join(images, 'x.jpg'));
    fs.symlinkSync(outside, path.join(root, 'plots', 'ssh'));
    fs.symlinkSync(path.join(root, 'nowhere'), path.join(root, 'broken.png'));
    const roots = resourceRootsWithin(root, fs.realpathSync(root));
    assert.ok(!covers(roots, path.join(images, 'x.jpg')), `the link out is not covered: ${roots.join(', ')}`);
    assert.ok(!covers(roots, path.join(root, 'plots', 'ssh', 'id_rsa')), 'nor what the folder link leads to');
    assert.ok(!covers(roots, path.join(root, 'broken.png')), 'nor a broken link, which could be pointed out later');
    for (const file of [path.join(images, '0.jpg'), path.join(images, 'val', '1.jpg'), path.join(root, 'plots', 'sklearn', 'roc.json')]) assert.ok(covers(roots, file), file);
    assert.ok(roots.includes(path.join(root, 'plots', 'sklearn')) && roots.includes(path.join(images, 'val')), 'folders without links out stay whole');
  });

  it('grants a declared file only when it, or the file it links to, is inside the root', () => {
    const root = tempDir('grant-files-');
    const outside = tempDir('grant-files-out-');
    fs.writeFileSync(path.join(outside, 'passwd'), 'x');
    fs.writeFileSync(path.join(root, 'model.png'), 'png');
    fs.symlinkSync(path.join(outside, 'passwd'), path.join(root, 'leak.png'));
    const real = fs.realpathSync(root);
    assert.deepEqual(resourceRootsWithin(path.join(root, 'model.png'), real), [path.join(root, 'model.png')]);
    assert.deepEqual(resourceRootsWithin(path.join(root, 'leak.png'), real), []);
    assert.deepEqual(resourceRootsWithin(path.join(root, 'not-written.png'), real), []);
  });
});
