import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { subjects } from '../src/core/tagMessage';
import { Registry } from '../src/registry/registry';
import { Store } from '../src/store/store';
import { GENERATED_GIT_ENV as GIT_ENV, generatedModelName, makeGeneratedRegistry, TAG_CONTENTS_FORMAT } from '../testkit/registryTags';
import { median, type BenchResult } from './report';

const REGISTRY_TAGS = 2000;
const RUNS = 5;

async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** `git for-each-ref` with the fields a scan reads, alone: the floor of any scan. */
async function forEachRefMs(repo: string): Promise<number> {
  const git = simpleGit({ baseDir: repo });
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(await time(() => git.raw(['for-each-ref', `--format=${TAG_CONTENTS_FORMAT}`, 'refs/tags/'])));
  return median(samples);
}

export async function benchRegistryScan(): Promise<BenchResult[]> {
  // 2,000 registry tags (100 models) and 2,000 unrelated tags, half of them lightweight.
  const { dir: repo, models } = makeGeneratedRegistry(REGISTRY_TAGS);
  const saved = { ...process.env };
  Object.assign(process.env, GIT_ENV);
  try {
    const baseline = await forEachRefMs(repo);

    // registry.scan_2000: a full scan into an empty store, as in a fresh clone.
    const fullScans: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-registry-store-'));
      const store = Store.open(storeDir);
      const registry = await Registry.open(repo, store);
      fullScans.push(await time(() => registry.scan()));
      if (registry.models().length !== models) throw new Error(`scan found ${registry.models().length} models`);
      store.close();
      fs.rmSync(storeDir, { recursive: true, force: true });
    }

    // registry.refresh_1: one new tag picked up by an incremental scan.
    const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-registry-store-'));
    const store = Store.open(storeDir);
    const registry = await Registry.open(repo, store);
    await registry.scan();
    const refreshes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const model = generatedModelName(0);
      execFileSync('git', ['tag', '-a', `${model}#prod#${100 + i}`, '-m', subjects.assign(model, 'v1.0.0', 'prod'), `${model}@v1.0.0^{commit}`], { cwd: repo, env: GIT_ENV });
      let added = 0;
      refreshes.push(await time(async () => (added = (await registry.scan()).added)));
      if (added !== 1) throw new Error(`refresh read ${added} tags`);
    }
    store.close();
    fs.rmSync(storeDir, { recursive: true, force: true });

    const scan = median(fullScans);
    const refresh = median(refreshes);
    return [
      {
        name: 'registry.scan_2000',
        value: scan,
        unit: 'ms',
        baseline,
        ratio: scan / baseline,
        note: `full scan of 2,000 registry + 2,000 other tags into an empty store vs git for-each-ref alone (goal: within 3×)`,
      },
      {
        name: 'registry.refresh_1',
        value: refresh,
        unit: 'ms',
        baseline,
        ratio: refresh / baseline,
        note: 'one new tag picked up by an incremental scan (goal: under 100 ms); baseline: the same for-each-ref',
      },
    ];
  } finally {
    for (const key of Object.keys(GIT_ENV)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    fs.rmSync(repo, { recursive: true, force: true });
  }
}
