import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { hashArtifact } from '../../../src/artifacts/hashArtifact';
import { writeVerified } from '../../../src/artifacts/verifiedWrite';
import { tempDir } from '../helpers/temp';

/** writeVerified on real files: two writes in one process (the extension host's two drags), and replacing a folder. */

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('writeVerified', () => {
  it('two concurrent writes of one target in one process each fill their own temporary copy; nothing is left beside the target', async () => {
    const folder = tempDir('verified-write-');
    const target = path.join(folder, 'churn.pkl');
    const expected = { sha256: sha256('weights\n'), from: 'a test' };
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = writeVerified(target, expected, async (temporary) => {
      fs.writeFileSync(temporary, 'weights\n');
      await gate; // the second write runs to the end meanwhile
    });
    const fast = await writeVerified(target, expected, async (temporary) => fs.writeFileSync(temporary, 'weights\n'));
    release();
    assert.deepEqual([fast, await slow], ['written', 'replaced']);
    assert.equal(fs.readFileSync(target, 'utf8'), 'weights\n');
    assert.deepEqual(fs.readdirSync(folder), ['churn.pkl']);
  });

  it('a folder is replaced (with replace) only once the new one is verified; a mismatch keeps the old one whole', async () => {
    const folder = tempDir('verified-write-');
    const target = path.join(folder, 'model');
    fs.mkdirSync(path.join(target, 'old'), { recursive: true });
    fs.writeFileSync(path.join(target, 'old', 'w.bin'), 'old\n');
    const fillNew = async (temporary: string) => {
      fs.mkdirSync(temporary);
      fs.writeFileSync(path.join(temporary, 'w.bin'), 'new\n');
    };
    const wanted = (await (async () => {
      const probe = tempDir('verified-probe-');
      await fillNew(path.join(probe, 'model'));
      return hashArtifact(path.join(probe, 'model'));
    })()).sha256;
    await assert.rejects(writeVerified(target, { sha256: 'f'.repeat(64), from: 'a test' }, fillNew, true), /the stored copy is not the registered one/);
    assert.equal(fs.readFileSync(path.join(target, 'old', 'w.bin'), 'utf8'), 'old\n');
    assert.equal(await writeVerified(target, { sha256: wanted, from: 'a test' }, fillNew, true), 'replaced');
    assert.deepEqual(fs.readdirSync(target), ['w.bin']);
    assert.deepEqual(fs.readdirSync(folder), ['model']);
  });
});
