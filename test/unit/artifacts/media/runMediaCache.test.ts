import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cachedRunMedia } from '../../../../src/artifacts/media/runMediaCache';
import type { ArtifactRoot } from '../../../../src/core/artifacts/types';
import { tempDir } from '../../helpers/temp';

describe('cachedRunMedia', () => {
  it('reads a run once while nothing changes, and again when a plot file is rewritten or an image added', () => {
    const dir = path.join(tempDir('media-cache-'), 'dvclive');
    fs.mkdirSync(path.join(dir, 'plots', 'custom'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'plots', 'images'), { recursive: true });
    const plot = path.join(dir, 'plots', 'custom', 'gain.json');
    fs.writeFileSync(plot, JSON.stringify([{ step: 1, gain: 0.5 }]));
    const roots: ArtifactRoot[] = [{ label: 'dvclive', dir, layout: 'dvclive' }];
    const first = cachedRunMedia('run-a', roots);
    assert.equal(cachedRunMedia('run-a', roots), first, 'the same result while nothing changed');
    fs.writeFileSync(plot, JSON.stringify([{ step: 1, gain: 0.5 }, { step: 2, gain: 0.75 }]));
    const rewritten = cachedRunMedia('run-a', roots);
    assert.notEqual(rewritten, first);
    assert.ok(JSON.stringify(rewritten.plots[0]?.data).includes('0.75'), 'the new data is shown');
    fs.writeFileSync(path.join(dir, 'plots', 'images', 'confusion.png'), 'png');
    assert.deepEqual(cachedRunMedia('run-a', roots).images.map((i) => i.key), ['confusion.png']);
  });
});

