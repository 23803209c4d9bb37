// Many reviews written straight into a repository's object database (two git processes for any
// number), for benchmarks and tests that need hundreds: each is the tag object Model Ledger
// writes (src/registry/reviews.ts), unsigned, under refs/model-ledger/reviews/.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ReviewDecision } from '../src/core/governance/review';
import { formatReviewMessage } from '../src/core/governance/reviewMessage';
import { registerTagName } from '../src/core/gto';

export interface GeneratedReview {
  model: string;
  version: string;
  stage: string;
  decision: ReviewDecision;
  reviewer: { name: string; email: string };
  /** Seconds since the epoch. */
  at: number;
  comment: string;
}

/** Writes the reviews; each version must be registered by an annotated tag. Returns the refs made. */
export function writeGeneratedReviews(dir: string, reviews: readonly GeneratedReview[], env: NodeJS.ProcessEnv = process.env): string[] {
  const git = (args: string[], input?: string) => execFileSync('git', args, { cwd: dir, env, input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const registrations = new Map(
    git(['for-each-ref', '--format=%(refname:strip=2) %(objectname)', 'refs/tags/'])
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' ') as [string, string]),
  );
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-generated-reviews-'));
  try {
    const files = reviews.map((r, i) => {
      const target = registrations.get(registerTagName(r.model, r.version));
      if (!target) throw new Error(`${r.model} ${r.version} is not registered here`);
      const text = `object ${target}\ntype tag\ntag model-ledger-review-${i}\ntagger ${r.reviewer.name} <${r.reviewer.email}> ${r.at} +0000\n\n${formatReviewMessage(r)}`;
      const file = path.join(scratch, String(i));
      fs.writeFileSync(file, text);
      return file;
    });
    const objects = git(['hash-object', '-t', 'tag', '-w', '--stdin-paths'], files.join('\n') + '\n').trim().split('\n');
    const refs = objects.map((object, i) => `refs/model-ledger/reviews/${reviews[i]!.model.replace(':', '=')}/${object}`);
    git(['update-ref', '--stdin'], refs.map((ref, i) => `create ${ref} ${objects[i]}\n`).join(''));
    return refs;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
