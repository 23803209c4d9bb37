import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { formatReviewMessage } from '../src/core/governance/reviewMessage';
import { emptyMetadata, formatTagMessage, subjects } from '../src/core/tagMessage';
import { REVIEW_REF_PREFIX } from '../src/git/reviewRefs';
import { Registry } from '../src/registry/registry';
import { Store } from '../src/store/store';
import { TAG_CONTENTS_FORMAT } from '../testkit/registryTags';
import { median, type BenchResult } from './report';

const MODELS = 100;
/** Per model: 10 registrations and 10 promotions = 20 tags; 2,000 in all. */
const VERSIONS_PER_MODEL = 10;
const REVIEWS = 500;
const COMMITS = 200;
const RUNS = 7;
const GATED = 'model-000';
const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: os.devNull, GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.com' };
const ARTIFACT = 'weights of the gated version\n';

const POLICY = `version: 1
models:
  "model-*":
    stages:
      prod:
        from: [staging]
        clean_tree: true
        artifact_hash: true
        metrics: ["acc >= 0.8", "acc >= current + 0.0"]
        evaluation: {metrics: ["test/acc >= 0.8"], other_data: true}
        drift: {max_share: 0.5}
        model_card: {sections: ["Intended use"]}
        reviews: {min: 2, reviewers: ["r1@example.com", "r2@example.com", "r3@example.com"], not_author: true}
        signed: true
`;

function git(repo: string, args: string[], input?: string): string {
  return execFileSync('git', args, { cwd: repo, env: GIT_ENV, input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;

/**
 * A repository with 2,000 registry tags (100 models of 10 versions, each registered with Model
 * Ledger's metadata and promoted) and 500 reviews of the gated model's versions by 5 reviewers,
 * written with `git fast-import` (reviews in a second stream, on the registration tag objects)
 * and one `git update-ref --stdin`.
 */
function makeRepository(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-gate-'));
  git(dir, ['init', '-q', '-b', 'main']);
  const parts: string[] = [];
  const t0 = 1_700_000_000;
  for (let c = 1; c <= COMMITS; c++) {
    parts.push(`commit refs/heads/main\nmark :${c}\ncommitter Bench <bench@example.com> ${t0 + c} +0000\n${data(`Train ${c}`)}M 644 inline train.py\n${data(`print(${c})\n`)}`);
  }
  const tag = (name: string, from: string, at: number, message: string, tagger = 'Bench <bench@example.com>') => parts.push(`tag ${name}\nfrom ${from}\ntagger ${tagger} ${at} +0000\n${data(message)}`);
  const sha = createHash('sha256').update(ARTIFACT).digest('hex');
  for (let m = 0; m < MODELS; m++) {
    const model = `model-${String(m).padStart(3, '0')}`;
    let at = t0 + 10_000 + m * 100;
    for (let v = 0; v < VERSIONS_PER_MODEL; v++) {
      const version = `v1.${v}.0`;
      const mark = `:${((m * VERSIONS_PER_MODEL + v) % COMMITS) + 1}`;
      const metadata = { ...emptyMetadata(), run: `run-${m}-${v}`, artifact: { path: `models/${model}.pkl`, sha256: sha, size: ARTIFACT.length }, metrics: { loss: 0.5 - 0.01 * v, acc: 0.8 + 0.01 * v } };
      tag(`${model}@${version}`, mark, at++, formatTagMessage(subjects.register(model, version), metadata));
      tag(`${model}#${v % 2 === 0 ? 'staging' : 'prod'}#${v + 1}`, mark, at++, formatTagMessage(subjects.assign(model, version, 'staging'), { ...emptyMetadata(), version }));
    }
  }
  git(dir, ['fast-import', '--quiet'], parts.join(''));
  git(dir, ['checkout', '-q', 'main']);

  // Reviews: tag objects on the gated model's registration tags, moved under refs/model-ledger/reviews/.
  const registrations = Array.from({ length: VERSIONS_PER_MODEL }, (_, v) => git(dir, ['rev-parse', `refs/tags/${GATED}@v1.${v}.0`]).trim());
  parts.length = 0;
  for (let i = 0; i < REVIEWS; i++) {
    const v = i % VERSIONS_PER_MODEL;
    const reviewer = `r${(i % 5) + 1}`;
    const decision = i % 7 === 0 ? 'reject' : 'approve';
    const message = formatReviewMessage({ model: GATED, version: `v1.${v}.0`, stage: i % 3 === 0 ? 'staging' : 'prod', decision, comment: `review ${i}` });
    tag(`bench-review-${i}`, registrations[v]!, t0 + 20_000 + i, message, `Reviewer ${reviewer} <${reviewer}@example.com>`);
  }
  git(dir, ['fast-import', '--quiet'], parts.join(''));
  const moves = Array.from({ length: REVIEWS }, (_, i) => {
    const object = git(dir, ['rev-parse', `refs/tags/bench-review-${i}`]).trim();
    return `create ${REVIEW_REF_PREFIX}${GATED}/${object} ${object}\ndelete refs/tags/bench-review-${i}\n`;
  });
  git(dir, ['update-ref', '--stdin'], moves.join(''));
  // Refs packed, as in a clone or after git gc (fast-import leaves each ref a loose file).
  git(dir, ['pack-refs', '--all']);
  return dir;
}

/** What the gated version's rules read besides git: its card, its artifact, the policy, git's signing set-up. */
function prepareFiles(repo: string, version: string): void {
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
    fs.writeFileSync(path.join(repo, rel), text);
  };
  write('.modelledger/policy.yaml', POLICY);
  write(`models/${GATED}.pkl`, ARTIFACT);
  write(`cards/${GATED}@${version}.md`, '---\nlicense: mit\n---\n# model-000\n\n## Intended use\n\nBenchmarks.\n');
  git(repo, ['config', 'gpg.format', 'ssh']);
  git(repo, ['config', 'user.signingkey', path.join(repo, 'no-such-key.pub')]);
  git(repo, ['config', 'gpg.ssh.allowedSignersFile', path.join(repo, 'allowed_signers')]);
}

/** An evaluation run of the version, newer than its registration, and a drift check of prod. */
function prepareStore(store: Store, version: string): void {
  store.write(() => {
    const experimentId = store.experiments.upsert({ name: 'eval', origin: { source: 'native', id: null, path: null } });
    store.runs.upsert({ id: 'eval-1', experimentId, name: 'holdout', status: 'finished', deleted: false, startTime: Date.now(), endTime: null, git: null, command: null, parentRunId: null, origin: { source: 'native', id: 'eval-1', path: null } });
    store.metrics.append('eval-1', [{ key: 'test/acc', step: 0, timestamp: 1, value: 0.86 }]);
    store.runs.replaceInputs('eval-1', [{ path: 'data/holdout.csv', sha256: 'b'.repeat(64), context: 'eval' }]);
    store.lineage.setEvaluates('eval-1', { model: GATED, version });
  });
}

async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/**
 * gate.check_2000: `registry.checkGate` with every rule (from, clean_tree, artifact_hash, two
 * metric conditions, evaluation, drift, model_card, reviews over 500 review tags, signed) on a
 * repository of 2,000 registry tags, the index warm as in the editor; beside `git for-each-ref`
 * of those tags and reviews, run in the same process.
 */
export async function benchGateCheck(): Promise<BenchResult> {
  const repo = makeRepository();
  const saved = { ...process.env };
  Object.assign(process.env, GIT_ENV);
  const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-gate-store-'));
  try {
    const version = 'v1.8.0'; // in staging, registered after the version in prod
    prepareFiles(repo, version);
    const store = Store.open(storeDir);
    try {
      const registry = await Registry.open(repo, store);
      await registry.scan();
      prepareStore(store, version);
      const gitRaw = simpleGit({ baseDir: repo });
      const baselines: number[] = [];
      const checks: number[] = [];
      let rules = 0;
      for (let i = 0; i < RUNS; i++) {
        baselines.push(await time(() => gitRaw.raw(['for-each-ref', `--format=${TAG_CONTENTS_FORMAT}`, 'refs/tags/', REVIEW_REF_PREFIX])));
        checks.push(
          await time(async () => {
            const result = await registry.checkGate(GATED, version, 'prod');
            rules = result.rules.length;
          }),
        );
      }
      if (rules !== 10) throw new Error(`the gate ran ${rules} rules, expected 10`);
      const value = median(checks);
      const baseline = median(baselines);
      return {
        name: 'gate.check_2000',
        value,
        unit: 'ms',
        baseline,
        ratio: value / baseline,
        note: `a gate with every rule (10 results) on 2,000 registry tags and ${REVIEWS} reviews, index warm (goal: under 200 ms); baseline: git for-each-ref of the tags and reviews`,
      };
    } finally {
      store.close();
    }
  } finally {
    for (const key of Object.keys(GIT_ENV)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    fs.rmSync(repo, { recursive: true, force: true });
    fs.rmSync(storeDir, { recursive: true, force: true });
  }
}
