// A repository with thousands of GTO registry tags, written in one `git fast-import` stream (one
// git process for any number of tags), for the registry benchmarks and tests that need volume.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { emptyMetadata, formatTagMessage, subjects } from '../src/core/tagMessage';

/** Per model: 8 registrations, 9 assignments, 2 unassignments, 1 deregistration. */
export const TAGS_PER_MODEL = 20;
const VERSIONS_PER_MODEL = 8;
const COMMITS = 200;

/** git with no system or user configuration, and a fixed committer: the same repository on any machine. */
export const GENERATED_GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: os.devNull,
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
};

export interface GeneratedRegistry {
  dir: string;
  /** Models named model-00000, model-00001, …; each has {@link TAGS_PER_MODEL} tags. */
  models: number;
  registryTags: number;
}

/** The name of the generated model `m`. */
export function generatedModelName(m: number): string {
  return `model-${String(m).padStart(5, '0')}`;
}

/**
 * A repository on main (200 commits) with `registryTags` registry tags (a multiple of 20: per
 * model, versions, promotions, unassignments, a deregistration; every other model's registrations
 * carry Model Ledger's metadata) and as many unrelated tags (half of them lightweight).
 */
export function makeGeneratedRegistry(registryTags: number): GeneratedRegistry {
  if (registryTags <= 0 || registryTags % TAGS_PER_MODEL !== 0) throw new Error(`registryTags must be a positive multiple of ${TAGS_PER_MODEL}, not ${registryTags}`);
  const models = registryTags / TAGS_PER_MODEL;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-generated-registry-'));
  execFileSync('git', ['init', '-q', '-b', 'main', dir], { env: GENERATED_GIT_ENV });
  const parts: string[] = [];
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const t0 = 1_700_000_000;
  for (let c = 1; c <= COMMITS; c++) {
    parts.push(`commit refs/heads/main\nmark :${c}\ncommitter Bench <bench@example.com> ${t0 + c} +0000\n${data(`Train ${c}`)}M 644 inline train.py\n${data(`print(${c})\n`)}`);
  }
  let written = 0;
  const tag = (name: string, mark: number, at: number, message: string) => {
    parts.push(`tag ${name}\nfrom :${mark}\ntagger Bench <bench@example.com> ${at} +0000\n${data(message)}`);
    written++;
  };
  for (let m = 0; m < models; m++) {
    const model = generatedModelName(m);
    let at = t0 + 10_000 + m * 100;
    let counter = 0;
    for (let v = 0; v < VERSIONS_PER_MODEL; v++) {
      const version = `v1.${v}.0`;
      const mark = ((m * VERSIONS_PER_MODEL + v) % COMMITS) + 1;
      const metadata =
        m % 2 === 0
          ? { ...emptyMetadata(), run: `run-${m}-${v}`, artifact: { path: `models/${model}.pkl`, sha256: 'a'.repeat(64), size: 1234 }, metrics: { loss: 0.1 * v, acc: 0.9 } }
          : null;
      tag(`${model}@${version}`, mark, at++, metadata ? formatTagMessage(subjects.register(model, version), metadata) : subjects.register(model, version));
      tag(`${model}#${['dev', 'staging', 'prod'][v % 3]}#${++counter}`, mark, at++, subjects.assign(model, version, 'dev'));
    }
    const first = 1 + (m % COMMITS);
    tag(`${model}#prod#${++counter}`, first, at++, subjects.assign(model, 'v1.0.0', 'prod'));
    tag(`${model}#dev!#${++counter}`, first, at++, subjects.unassign(model, 'v1.0.0', 'dev'));
    tag(`${model}#staging!#${++counter}`, first, at++, subjects.unassign(model, 'v1.0.0', 'staging'));
    tag(`${model}@v1.1.0!`, ((m * VERSIONS_PER_MODEL + 1) % COMMITS) + 1, at++, subjects.deregister(model, 'v1.1.0'));
  }
  if (written !== registryTags) throw new Error(`expected ${registryTags} registry tags, made ${written}`);
  for (let i = 0; i < registryTags / 2; i++) tag(`release-${i}`, (i % COMMITS) + 1, t0 + i, `Release ${i}`);
  for (let i = 0; i < registryTags / 2; i++) parts.push(`reset refs/tags/build/${i}\nfrom :${(i % COMMITS) + 1}\n\n`);
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: parts.join(''), env: GENERATED_GIT_ENV, maxBuffer: 64 * 1024 * 1024 });
  execFileSync('git', ['checkout', '-q', 'main'], { cwd: dir, env: GENERATED_GIT_ENV });
  return { dir, models, registryTags };
}

/**
 * `git for-each-ref --format` reading every field a registry scan needs from each tag (the
 * commit it points at, tagger, date, message), NUL-separated: the one-pass listing the
 * registry benchmarks measure a scan against.
 */
export const TAG_CONTENTS_FORMAT = ['%(refname)', '%(objectname)', '%(objecttype)', '%(*objectname)', '%(*objecttype)', '%(taggername)', '%(taggeremail)', '%(taggerdate:unix)', '%(contents)']
  .map((f) => `${f}%00`)
  .join('');
