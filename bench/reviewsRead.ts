import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { subjects } from '../src/core/tagMessage';
import { GitRepo } from '../src/git/repo';
import { REVIEW_REF_PREFIX } from '../src/git/reviewRefs';
import { readReviews } from '../src/registry/reviews';
import { writeGeneratedReviews, type GeneratedReview } from '../testkit/reviewRefs';
import { median, type BenchResult } from './report';

const MODELS = 100;
const VERSIONS_PER_MODEL = 5;
/** Reviewed versions: the first of each model; five reviews each (a request, three approvals, a rejection). */
const REVIEWS_PER_VERSION = 5;
const RUNS = 5;
const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: os.devNull, GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.com' };

/** 500 registrations (fast-import) and 500 reviews of 100 of them (testkit), packed. */
function makeRepository(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-reviews-'));
  execFileSync('git', ['init', '-q', '-b', 'main', dir], { env: GIT_ENV });
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const t0 = 1_700_000_000;
  const parts = [`commit refs/heads/main\nmark :1\ncommitter Bench <bench@example.com> ${t0} +0000\n${data('Train')}M 644 inline train.py\n${data('print(1)\n')}`];
  const reviews: GeneratedReview[] = [];
  const decisions = ['request', 'approve', 'approve', 'approve', 'reject'] as const;
  for (let m = 0; m < MODELS; m++) {
    const model = `model-${String(m).padStart(3, '0')}`;
    for (let v = 0; v < VERSIONS_PER_MODEL; v++) {
      parts.push(`tag ${model}@v1.${v}.0\nfrom :1\ntagger Bench <bench@example.com> ${t0 + m * 10 + v} +0000\n${data(subjects.register(model, `v1.${v}.0`))}`);
    }
    for (let r = 0; r < REVIEWS_PER_VERSION; r++) {
      reviews.push({ model, version: 'v1.0.0', stage: 'prod', decision: decisions[r]!, reviewer: { name: `Reviewer ${r}`, email: `r${r}@example.com` }, at: t0 + 100_000 + m * 10 + r, comment: `Review ${r} of ${model}` });
    }
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: parts.join(''), env: GIT_ENV });
  writeGeneratedReviews(dir, reviews, GIT_ENV);
  // Packed, as git gc leaves a repository: 1,000 loose refs and objects would measure the file system.
  execFileSync('git', ['pack-refs', '--all'], { cwd: dir, env: GIT_ENV });
  execFileSync('git', ['repack', '-adq'], { cwd: dir, env: GIT_ENV });
  return dir;
}

async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export async function benchReviewsRead(): Promise<BenchResult[]> {
  const dir = makeRepository();
  try {
    const repo = await GitRepo.open(dir);
    const git = simpleGit({ baseDir: dir });
    const floor: number[] = [];
    const all: number[] = [];
    const one: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      floor.push(await time(() => git.raw(['for-each-ref', '--format=%(refname)%00%(objectname)%00%(object)%00%(taggername)%00%(taggerdate:unix)%00%(contents)%00', REVIEW_REF_PREFIX])));
      all.push(
        await time(async () => {
          const read = await readReviews(repo);
          if (read.reviews.length !== MODELS * REVIEWS_PER_VERSION || read.problems.length > 0) throw new Error(`read ${read.reviews.length} reviews, ${read.problems.length} problems`);
        }),
      );
      one.push(await time(async () => void (await readReviews(repo, 'model-042'))));
    }
    const baseline = median(floor);
    return [
      {
        name: 'review.read_500',
        value: median(all),
        unit: 'ms',
        baseline,
        ratio: median(all) / baseline,
        note: 'every review (500, bound to their registrations among 500 tags, unsigned) vs git for-each-ref of the review refs alone',
      },
      {
        name: 'review.read_model',
        value: median(one),
        unit: 'ms',
        baseline,
        ratio: median(one) / baseline,
        note: "one model's 5 reviews of 500; baseline: the same for-each-ref of all 500",
      },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
