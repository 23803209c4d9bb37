import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { hashArtifact } from '../../../src/artifacts/hashArtifact';
import { emptyMetadata, formatTagMessage, subjects } from '../../../src/core/tagMessage';
import { CLI, cli, cliOk as ok, cliUserError as userError } from '../helpers/cli';
import { copyFixture } from '../helpers/fixtures';
import { PROJECT_ROOT, tempDir } from '../helpers/temp';
import { commit, configureUser, git, makeRepo, write } from './gitRepos';

/**
 * `model-ledger resolve` on real repositories built here: artifacts committed to git, tracked by
 * DVC (a cache laid out as DVC lays it out, below), kept by an imported MLflow store; tampered
 * copies and paths that lead out.
 */

/**
 * DVC's cache, generated as https://dvc.org/doc/user-guide/project-structure/internal-files
 * ("Structure of the cache directory") describes it, since `dvc` is not installed here: an
 * object is named by the md5 of its content, its first two hex digits a folder; DVC 3 keeps
 * objects under `files/md5/`, DVC 2 at the cache's top. A folder is a `<md5>.dir` object, the
 * JSON list of `{"md5", "relpath"}` of its files sorted by relpath, as Python's json.dumps
 * writes it; its md5 is that of the JSON. (For text with LF endings DVC 2's md5-dos2unix is
 * the plain md5.)
 */
type Layout = 'dvc3' | 'dvc2';

function md5(bytes: string | Buffer): string {
  return createHash('md5').update(bytes).digest('hex');
}

function cacheObject(repo: string, layout: Layout, name: string): string {
  return path.join(repo, '.dvc', 'cache', ...(layout === 'dvc3' ? ['files', 'md5'] : []), name.slice(0, 2), name.slice(2));
}

function cacheFile(repo: string, layout: Layout, content: string | Buffer): string {
  const sum = md5(content);
  const object = cacheObject(repo, layout, sum);
  fs.mkdirSync(path.dirname(object), { recursive: true });
  fs.writeFileSync(object, content, { mode: 0o444 }); // DVC protects cache objects read-only
  return sum;
}

function cacheFolder(repo: string, layout: Layout, files: Record<string, string | Buffer>, manifestOverride?: (entries: { md5: string; relpath: string }[]) => unknown[]): string {
  let entries = Object.keys(files)
    .sort()
    .map((relpath) => ({ md5: cacheFile(repo, layout, files[relpath]!), relpath }));
  if (manifestOverride) entries = manifestOverride(entries) as typeof entries;
  const json = `[${entries.map((e) => `{"md5": "${e.md5}", "relpath": "${e.relpath}"}`).join(', ')}]`;
  const sum = `${md5(json)}.dir`;
  const object = cacheObject(repo, layout, sum);
  fs.mkdirSync(path.dirname(object), { recursive: true });
  fs.writeFileSync(object, json, { mode: 0o444 });
  return sum;
}

/** What `dvc init` commits: the .dvc folder with its config, the cache ignored. */
function dvcInit(repo: string): void {
  write(repo, '.dvc/config', '');
  write(repo, '.dvc/.gitignore', '/config.local\n/tmp\n/cache\n');
  git(repo, ['add', '.dvc']);
  git(repo, ['commit', '-q', '-m', 'Initialize DVC']);
}

function sha256Of(file: string): Promise<string> {
  return hashArtifact(file).then((h) => h.sha256);
}

/** Files under a folder, relative, sorted; to see that nothing else (no temporary copy) was left. */
function listing(dir: string): string[] {
  return fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).map((p) => p.split(path.sep).join('/')).sort() : [];
}

function resolvedJson(args: string[], cwd: string): { path: string; sha256: string; registry: string; commit: string | null; written: { file: string; outcome: string; stored: string; from: string } | null } {
  return JSON.parse(ok(['resolve', ...args, '--json'], cwd));
}

describe('resolve: artifacts committed to git', () => {
  it('prints the path; writes each version from its own commit, verified; stage and latest refs; keeps, refuses or replaces what is there', async () => {
    const repo = makeRepo('resolve-git-');
    commit(repo, 'artifacts/churn.pkl', 'git weights v1\n');
    ok(['register', 'churn', '--artifact', 'artifacts/churn.pkl', '--version', 'v1.0.0'], repo);
    commit(repo, 'artifacts/churn.pkl', 'git weights v2, retrained\n');
    ok(['register', 'churn', '--artifact', 'artifacts/churn.pkl', '--version', 'v2.0.0'], repo);
    ok(['assign', 'churn', 'v1.0.0', 'prod'], repo);

    assert.equal(ok(['resolve', 'churn#prod'], repo), 'artifacts/churn.pkl\n');
    const latest = resolvedJson(['churn@latest'], repo);
    assert.equal(latest.written, null);
    assert.equal(latest.commit, git(repo, ['rev-parse', 'HEAD']));

    const out = tempDir('resolve-out-');
    const prod = resolvedJson(['churn#prod', '--to', out], repo);
    assert.equal(prod.registry, 'git');
    assert.deepEqual([prod.written?.file, prod.written?.outcome, prod.written?.stored], [path.join(out, 'churn.pkl'), 'written', 'git']);
    // v1's bytes, from v1's commit, though the working tree holds v2's.
    assert.equal(fs.readFileSync(path.join(out, 'churn.pkl'), 'utf8'), 'git weights v1\n');
    assert.equal(await sha256Of(path.join(out, 'churn.pkl')), prod.sha256);

    userError(['resolve', 'churn@v2.0.0', '--to', out], repo, /churn\.pkl exists and is not this version's artifact .*--force/);
    assert.equal(fs.readFileSync(path.join(out, 'churn.pkl'), 'utf8'), 'git weights v1\n');
    const again = cli(['resolve', 'churn#prod', '--to', out], repo);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, `${path.join(out, 'churn.pkl')}\n`);
    assert.match(again.stderr, /churn v1\.0\.0: sha256 [0-9a-f]{12}… verified; already there, identical/);
    assert.equal(resolvedJson(['churn@v2.0.0', '--to', out, '--force'], repo).written?.outcome, 'replaced');
    assert.equal(fs.readFileSync(path.join(out, 'churn.pkl'), 'utf8'), 'git weights v2, retrained\n');
    assert.deepEqual(listing(out), ['churn.pkl']);
  });

  it('a committed folder: every file, nested, with its executable bit, hashed as the registration hashed it', async () => {
    const repo = makeRepo('resolve-gitdir-');
    write(repo, 'artifacts/encoder/vocab.txt', 'a\nb\nc\n');
    write(repo, 'artifacts/encoder/bin/serve.sh', '#!/bin/sh\necho serve\n');
    fs.chmodSync(path.join(repo, 'artifacts/encoder/bin/serve.sh'), 0o755);
    git(repo, ['add', 'artifacts']);
    git(repo, ['commit', '-q', '-m', 'Encoder']);
    ok(['register', 'encoder', '--artifact', 'artifacts/encoder', '--version', 'v0.1.0'], repo);
    fs.rmSync(path.join(repo, 'artifacts'), { recursive: true });

    const out = tempDir('resolve-out-');
    const r = resolvedJson(['encoder@v0.1.0', '--to', path.relative(repo, out)], repo);
    assert.equal(r.written?.stored, 'git');
    assert.deepEqual(listing(path.join(out, 'encoder')), ['bin', 'bin/serve.sh', 'vocab.txt']);
    assert.equal(fs.statSync(path.join(out, 'encoder/bin/serve.sh')).mode & 0o111, 0o111);
    assert.equal(await sha256Of(path.join(out, 'encoder')), r.sha256);
  });
});

describe('resolve: artifacts tracked by DVC, from its cache', () => {
  it('DVC 3 (.dvc file, files/md5/ layout): each version from the md5 its commit recorded; a tampered object is refused and nothing is written', async () => {
    const repo = makeRepo('resolve-dvc3-');
    dvcInit(repo);
    const track = (content: string, message: string) => {
      write(repo, 'model/churn.pkl', content);
      const sum = cacheFile(repo, 'dvc3', content);
      write(repo, 'model/.gitignore', '/churn.pkl\n');
      write(repo, 'model/churn.pkl.dvc', `outs:\n- md5: ${sum}\n  size: ${Buffer.byteLength(content)}\n  hash: md5\n  path: churn.pkl\n`);
      git(repo, ['add', 'model']);
      git(repo, ['commit', '-q', '-m', message]);
    };
    track('dvc weights v1\n', 'Track model v1');
    ok(['register', 'churn', '--artifact', 'model/churn.pkl', '--version', 'v1.0.0'], repo);
    track('dvc weights v2\n', 'Track model v2');
    fs.rmSync(path.join(repo, 'model/churn.pkl')); // no working-tree copy: only the cache has v1

    const out = tempDir('resolve-out-');
    const r = resolvedJson(['churn@v1.0.0', '--to', out], repo);
    assert.equal(r.written?.stored, 'dvc');
    assert.match(r.written!.from, /^the DVC cache \.dvc\/cache \(model\/churn\.pkl\.dvc, md5 [0-9a-f]{32}\)$/);
    assert.equal(fs.readFileSync(path.join(out, 'churn.pkl'), 'utf8'), 'dvc weights v1\n');
    assert.equal(fs.statSync(path.join(out, 'churn.pkl')).mode & 0o200, 0o200, 'the copy is writable, unlike the cache object');

    // Someone edits the cached object in place (as a hard-linked workspace file invites).
    const object = cacheObject(repo, 'dvc3', md5('dvc weights v1\n'));
    fs.chmodSync(object, 0o644);
    fs.writeFileSync(object, 'dvc weights v1, edited\n');
    const fresh = tempDir('resolve-out-');
    userError(['resolve', 'churn@v1.0.0', '--to', fresh], repo, /The artifact from the DVC cache .* has sha256 [0-9a-f]{64}, but the version was registered with [0-9a-f]{64}: the stored copy is not the registered one\. Nothing was written to .*churn\.pkl\./);
    assert.deepEqual(listing(fresh), []);

    fs.rmSync(object);
    userError(['resolve', 'churn@v1.0.0', '--to', fresh], repo, /model\/churn\.pkl is tracked by DVC \(model\/churn\.pkl\.dvc, md5 [0-9a-f]{32}\), but the cache .* does not have it .*run "dvc pull"/);
  });

  it('DVC 2 (dvc.lock outs, objects at the cache top): a folder from its .dir manifest, and a file inside a tracked folder', async () => {
    const repo = makeRepo('resolve-dvc2-');
    dvcInit(repo);
    const trees = Buffer.from([0, 1, 2, 250, 251, 252, 10, 13, 10]);
    const files = { 'trees.bin': trees, 'meta/params.json': '{"n_estimators": 200}\n' };
    for (const [rel, content] of Object.entries(files)) write(repo, `model/forest/${rel}`, content as string);
    const dirMd5 = cacheFolder(repo, 'dvc2', files);
    write(repo, '.gitignore', 'models/\n/model/forest\n');
    write(repo, 'dvc.lock', `schema: '2.0'\nstages:\n  train:\n    cmd: python train.py\n    outs:\n    - path: model/forest\n      md5: ${dirMd5}\n      size: ${trees.length + 22}\n      nfiles: 2\n`);
    git(repo, ['add', '.gitignore', 'dvc.lock']);
    git(repo, ['commit', '-q', '-m', 'Train forest']);
    ok(['register', 'forest', '--artifact', 'model/forest', '--version', 'v1.0.0'], repo);
    ok(['register', 'trees', '--artifact', 'model/forest/trees.bin', '--version', 'v1.0.0'], repo);
    const registered = await sha256Of(path.join(repo, 'model/forest'));
    fs.rmSync(path.join(repo, 'model'), { recursive: true });

    const out = tempDir('resolve-out-');
    const forest = resolvedJson(['forest@v1.0.0', '--to', out], repo);
    assert.equal(forest.written?.stored, 'dvc');
    assert.match(forest.written!.from, /\(dvc\.lock, md5 [0-9a-f]{32}\.dir\)/);
    assert.deepEqual(listing(path.join(out, 'forest')), ['meta', 'meta/params.json', 'trees.bin']);
    assert.deepEqual(fs.readFileSync(path.join(out, 'forest/trees.bin')), trees);
    assert.equal(await sha256Of(path.join(out, 'forest')), registered);

    const one = resolvedJson(['trees@latest', '--to', out], repo);
    assert.equal(one.written?.file, path.join(out, 'trees.bin'));
    assert.deepEqual(fs.readFileSync(path.join(out, 'trees.bin')), trees);
  });
});

/**
 * A DVC 3 project's own cache and dvc.lock, written by DVC: a text dump of a public project named
 * fmri2image, seen through the code search index (likely github.com/toniIepure25/FMRI2images;
 * the index gave neither path nor commit). Its `prepare_data` stage tracks the folder
 * data/raw/nsd. The md5 values below are DVC's; the test checks that the file contents and this
 * file's manifest generator reproduce each of them, so the generated caches above are DVC's layout.
 */
const NSD = {
  readme: 'NSD placeholder. Pentru date reale: configurați AWS CLI și sincronizați din bucketul NSD.\nStruc.: raw/nsd/images/, raw/nsd/fmri/, raw/nsd/captions.csv\n',
  captions: 'image_id,caption\n0,a dog on grass\n1,a red car\n2,a mountain scene\n',
  lock: "schema: '2.0'\nstages:\n  prepare_data:\n    cmd: python -m fmri2image.data.download_nsd --raw_root data/raw\n    deps:\n    - path: configs/paths/paths.yaml\n      hash: md5\n      md5: 8f28bb84db3bdc7a4e9ff462057c7078\n      size: 149\n    - path: src/fmri2image/data/download_nsd.py\n      hash: md5\n      md5: abd4099492831141fa689f051c584af9\n      size: 920\n    outs:\n    - path: data/raw/nsd\n      hash: md5\n      md5: 79a62e2ffa10ebce2562583f42158d68.dir\n      size: 219\n      nfiles: 2\n",
};

describe('resolve: a cache and dvc.lock DVC wrote', () => {
  it('fmri2image: the manifest generator gives DVC\'s md5s; data/raw/nsd resolves from files/md5/79/a62e….dir', async () => {
    const repo = makeRepo('resolve-dvcreal-');
    dvcInit(repo);
    const files = { 'README.txt': NSD.readme, 'captions.csv': NSD.captions };
    assert.deepEqual([md5(NSD.readme), md5(NSD.captions)], ['4274adec5d9eaefdddf3e352e03fba64', '2cfdc695fc4d02a0aef4e9c1185bf1ae']);
    assert.equal(cacheFolder(repo, 'dvc3', files), '79a62e2ffa10ebce2562583f42158d68.dir');
    for (const [rel, content] of Object.entries(files)) write(repo, `data/raw/nsd/${rel}`, content);
    write(repo, '.gitignore', 'models/\n/data/raw/nsd\n');
    write(repo, 'dvc.lock', NSD.lock);
    git(repo, ['add', '.gitignore', 'dvc.lock']);
    git(repo, ['commit', '-q', '-m', 'prepare_data']);
    ok(['register', 'nsd', '--artifact', 'data/raw/nsd', '--version', 'v1.0.0'], repo);
    fs.rmSync(path.join(repo, 'data'), { recursive: true });

    const out = tempDir('resolve-out-');
    const r = resolvedJson(['nsd@v1.0.0', '--to', out], repo);
    assert.match(r.written!.from, /^the DVC cache \.dvc\/cache \(dvc\.lock, md5 79a62e2ffa10ebce2562583f42158d68\.dir\)$/);
    assert.deepEqual(listing(path.join(out, 'nsd')), ['README.txt', 'captions.csv']);
    assert.equal(fs.readFileSync(path.join(out, 'nsd/captions.csv'), 'utf8'), NSD.captions);
    assert.equal(await sha256Of(path.join(out, 'nsd')), r.sha256);
  });
});

describe('resolve: paths that lead out are refused, named', () => {
  it('a manifest entry with "..", a cache object linked out of the cache, a committed symbolic link, a tag recording "../"', () => {
    const repo = makeRepo('resolve-hostile-');
    dvcInit(repo);
    const outside = tempDir('resolve-outside-');
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'not yours\n');

    // A folder whose manifest climbs out of it.
    write(repo, 'model/net/w.bin', 'w\n');
    const climbing = cacheFolder(repo, 'dvc3', { 'w.bin': 'w\n' }, (entries) => [...entries, { md5: md5('x'), relpath: '../../escape.txt' }]);
    write(repo, 'model/net.dvc', `outs:\n- md5: ${climbing}\n  hash: md5\n  path: net\n`);
    // A file whose cache object is a link to a file outside the cache.
    write(repo, 'model/linked.pkl', 'not yours\n');
    const linkedSum = md5('not yours\n');
    fs.mkdirSync(path.dirname(cacheObject(repo, 'dvc3', linkedSum)), { recursive: true });
    fs.symlinkSync(path.join(outside, 'secret.txt'), cacheObject(repo, 'dvc3', linkedSum));
    write(repo, 'model/linked.pkl.dvc', `outs:\n- md5: ${linkedSum}\n  hash: md5\n  path: linked.pkl\n`);
    write(repo, 'model/.gitignore', '/net\n/linked.pkl\n');
    // A committed symbolic link to a file outside the repository.
    fs.mkdirSync(path.join(repo, 'artifacts'));
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(repo, 'artifacts/link.pkl'));
    git(repo, ['add', 'model', 'artifacts']);
    git(repo, ['commit', '-q', '-m', 'Hostile artifacts']);
    ok(['register', 'net', '--artifact', 'model/net', '--version', 'v1.0.0'], repo);
    ok(['register', 'linked', '--artifact', 'model/linked.pkl', '--version', 'v1.0.0'], repo);
    ok(['register', 'link', '--artifact', 'artifacts/link.pkl', '--version', 'v1.0.0'], repo);
    // A registration tag written by hand that records a path above the repository.
    const metadata = { ...emptyMetadata(), artifact: { path: '../resolve-outside/secret.txt', sha256: 'a'.repeat(64), size: 10 } };
    git(repo, ['tag', '-a', 'evil@v1.0.0', '-m', formatTagMessage(subjects.register('evil', 'v1.0.0'), metadata)]);

    const out = tempDir('resolve-out-');
    userError(['resolve', 'net@v1.0.0', '--to', out], repo, /is not a DVC folder manifest: entry "\.\.\/\.\.\/escape\.txt" leads outside the folder\./);
    userError(['resolve', 'linked@v1.0.0', '--to', out], repo, /Artifact path "files\/md5\/[0-9a-f]{2}\/[0-9a-f]{30}" leads outside the artifact folder .*\.dvc\/cache \(to .*secret\.txt\) through a symbolic link/);
    userError(['resolve', 'link@v1.0.0', '--to', out], repo, /artifacts\/link\.pkl at commit [0-9a-f]{12} is a symbolic link; it is not followed\./);
    userError(['resolve', 'evil@v1.0.0'], repo, /evil v1\.0\.0 records the artifact path "\.\.\/resolve-outside\/secret\.txt", which leads outside the repository; it is not followed\./);
    assert.deepEqual(listing(out), []);
  });
});

describe('resolve: versions of an imported MLflow registry', () => {
  const CO2 = 'data-IA-2022__CO2_Mlflow_Maud_Tarik';
  const MODEL = 'mlruns/720243650590451200/f44a22316509441d890bf3bdf88fd4e7/artifacts/data/best_model_GradientBoostingRegressor.pkl';

  function importedWorkspace(): string {
    const ws = copyFixture(CO2, 'mlruns');
    git(ws, ['init', '-q', '-b', 'main']);
    configureUser(ws);
    ok(['import', 'mlruns', '--quiet'], ws);
    return ws;
  }

  it('data-IA-2022: model_tracking@1 from the file store, verified; a server URI says how to get it; a tampered copy is refused', async () => {
    const ws = importedWorkspace();
    assert.equal(ok(['resolve', 'model_tracking@1'], ws), `${MODEL}\n`);
    const out = tempDir('resolve-out-');
    const r = resolvedJson(['model_tracking@latest', '--to', out], ws);
    assert.deepEqual([r.registry, r.commit, r.written?.stored], ['mlflow', null, 'mlflow']);
    const folder = path.join(out, 'best_model_GradientBoostingRegressor.pkl');
    assert.deepEqual(listing(folder), ['MLmodel', 'conda.yaml', 'python_env.yaml']);
    assert.equal(await sha256Of(folder), r.sha256);
    assert.equal(await sha256Of(folder), await sha256Of(path.join(ws, MODEL)));

    userError(['resolve', 'tracking-quickstart@2'], ws, /tracking-quickstart 2 \(MLflow\): MLflow keeps its artifact at mlflow-artifacts:\/601757128816916662\/1769788a57344a56b7017e2e61d80f3d\/artifacts\/iris_model, a remote store .*mlflow artifacts download --artifact-uri/);
    userError(['resolve', 'tracking-quickstart@9'], ws, /tracking-quickstart@9 names no version of the MLflow model tracking-quickstart \(versions 4, 3, 2, 1\)\./);
    userError(['resolve', 'nothing@1'], ws, /No model named nothing in the git registry or in an imported MLflow registry/);

    fs.appendFileSync(path.join(ws, MODEL, 'conda.yaml'), '# edited after the import\n');
    const fresh = tempDir('resolve-out-');
    userError(['resolve', 'model_tracking@1', '--to', fresh], ws, /The artifact from the MLflow store .* has sha256 [0-9a-f]{64}, but the version was registered with [0-9a-f]{64}/);
    assert.deepEqual(listing(fresh), []);
  });
});

describe('resolve: the Python client', () => {
  it('model_ledger.resolve("churn#prod") returns a verified local copy under .modelledger/artifacts/<model>/<version>/; a wrong ref raises with the CLI\'s words', () => {
    const repo = makeRepo('resolve-python-');
    commit(repo, 'artifacts/churn.pkl', 'python weights v1\n');
    ok(['register', 'churn', '--artifact', 'artifacts/churn.pkl', '--version', 'v1.0.0'], repo);
    commit(repo, 'artifacts/churn.pkl', 'python weights v2\n');
    ok(['assign', 'churn', 'v1.0.0', 'prod'], repo);
    const script = [
      'import model_ledger',
      'print(model_ledger.resolve("churn#prod"))',
      'print(model_ledger.resolve("churn#prod"))',
      'try:',
      '    model_ledger.resolve("churn@v9.0.0")',
      'except RuntimeError as error:',
      '    print("refused:", error)',
    ].join('\n');
    const env = { ...process.env, PYTHONPATH: path.join(PROJECT_ROOT, 'clients', 'python'), PYTHONDONTWRITEBYTECODE: '1', MODEL_LEDGER_CLI: `${process.execPath} ${CLI}` };
    const result = spawnSync('python3', ['-c', script], { cwd: path.join(repo, 'artifacts'), env, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const copy = path.join(repo, '.modelledger', 'artifacts', 'churn', 'v1.0.0', 'churn.pkl');
    assert.deepEqual(result.stdout.trimEnd().split('\n'), [copy, copy, 'refused: model-ledger resolve: churn has no version v9.0.0.']);
    assert.equal(fs.readFileSync(copy, 'utf8'), 'python weights v1\n');
  });
});

describe('resolve: recorded paths that name a folder, not a file', () => {
  it('a hand-written tag recording "artifacts/churn.pkl/" or ".../." resolves artifacts/churn.pkl; "./" is refused; --force never replaces the --to folder', async () => {
    const repo = makeRepo('resolve-trailing-');
    commit(repo, 'artifacts/churn.pkl', 'weights\n');
    const sha256 = await sha256Of(path.join(repo, 'artifacts/churn.pkl'));
    const tag = (model: string, recorded: string) =>
      git(repo, ['tag', '-a', `${model}@v1.0.0`, '-m', formatTagMessage(subjects.register(model, 'v1.0.0'), { ...emptyMetadata(), artifact: { path: recorded, sha256, size: 8 } })]);
    tag('slash', 'artifacts/churn.pkl/');
    tag('dot', 'artifacts//churn.pkl/.');
    tag('nothing', './');
    // A working-tree folder (models/ is ignored) recorded with a trailing "/": its name is "enc", never "".
    write(repo, 'models/enc/vocab.txt', 'a\nb\n');
    const encSha = await sha256Of(path.join(repo, 'models/enc'));
    git(repo, ['tag', '-a', 'enc@v1.0.0', '-m', formatTagMessage(subjects.register('enc', 'v1.0.0'), { ...emptyMetadata(), artifact: { path: 'models/enc/', sha256: encSha, size: 4 } })]);
    const out = tempDir('resolve-out-');
    fs.writeFileSync(path.join(out, 'keep.txt'), "the user's file\n");
    assert.equal(resolvedJson(['enc@v1.0.0', '--to', out, '--force'], repo).written?.file, path.join(out, 'enc'));
    assert.ok(fs.existsSync(path.join(out, 'keep.txt')), 'the --to folder itself is never the target');
    for (const model of ['slash', 'dot']) {
      const r = resolvedJson([`${model}@v1.0.0`, '--to', out, '--force'], repo);
      assert.deepEqual([r.path, r.written?.file], ['artifacts/churn.pkl', path.join(out, 'churn.pkl')]);
    }
    userError(['resolve', 'nothing@v1.0.0', '--to', out, '--force'], repo, /nothing v1\.0\.0 records the artifact path "\.\/", which names no file or folder; there is nothing to resolve\./);
    assert.deepEqual(listing(out), ['churn.pkl', 'enc', 'enc/vocab.txt', 'keep.txt']);
    assert.equal(fs.readFileSync(path.join(out, 'keep.txt'), 'utf8'), "the user's file\n");
  });
});

describe('resolve: the next place when one does not hold the registered copy', () => {
  it('DVC per-file layout (clf/.gitignore, model.pkl.dvc, config.json committed; model.pkl ignored): git\'s partial copy gives way to the working tree; none holding it names each place', async () => {
    const repo = makeRepo('resolve-dvcfiles-');
    dvcInit(repo);
    write(repo, 'clf/config.json', '{"depth": 3}\n');
    write(repo, 'clf/model.pkl', 'pickled v1\n');
    const sum = cacheFile(repo, 'dvc3', 'pickled v1\n');
    write(repo, 'clf/.gitignore', '/model.pkl\n');
    write(repo, 'clf/model.pkl.dvc', `outs:\n- md5: ${sum}\n  size: 11\n  hash: md5\n  path: model.pkl\n`);
    git(repo, ['add', 'clf']);
    git(repo, ['commit', '-q', '-m', 'Track the model per file']);
    ok(['register', 'clf', '--artifact', 'clf', '--version', 'v1.0.0'], repo);

    const out = tempDir('resolve-out-');
    const r = resolvedJson(['clf@v1.0.0', '--to', out], repo);
    assert.equal(r.written?.stored, 'workspace');
    assert.deepEqual(listing(path.join(out, 'clf')), ['.gitignore', 'config.json', 'model.pkl', 'model.pkl.dvc']);
    assert.equal(await sha256Of(path.join(out, 'clf')), r.sha256);

    fs.writeFileSync(path.join(repo, 'clf/model.pkl'), 'pickled v2\n');
    const fresh = tempDir('resolve-out-');
    userError(
      ['resolve', 'clf@v1.0.0', '--to', fresh],
      repo,
      /No place that keeps clf v1\.0\.0's artifact holds the registered copy \(sha256 [0-9a-f]{64}\): git \(commit [0-9a-f]{12}\) has sha256 [0-9a-f]{64}; the working tree \(.*clf\) has sha256 [0-9a-f]{64}\. Nothing was written to .*clf\./,
    );
    assert.deepEqual(listing(fresh), []);
  });

  it('DVC config levels: global (XDG_CONFIG_HOME) then .dvc/config.local, quoted and commented values, ~; a missing object falls back to the working tree, then says which cache and why', () => {
    const repo = makeRepo('resolve-dvcconfig-');
    dvcInit(repo);
    const home = tempDir('resolve-home-');
    const xdg = tempDir('resolve-xdg-');
    const env = { HOME: home, XDG_CONFIG_HOME: xdg, XDG_CONFIG_DIRS: tempDir('resolve-xdgsys-') };
    write(repo, 'model/churn.pkl', 'shared weights\n');
    write(repo, 'model/.gitignore', '/churn.pkl\n');
    const sum = md5('shared weights\n');
    write(repo, 'model/churn.pkl.dvc', `outs:\n- md5: ${sum}\n  hash: md5\n  path: churn.pkl\n`);
    git(repo, ['add', 'model']);
    git(repo, ['commit', '-q', '-m', 'Track model']);
    ok(['register', 'churn', '--artifact', 'model/churn.pkl', '--version', 'v1.0.0'], repo);
    fs.rmSync(path.join(repo, 'model/churn.pkl'));
    const place = (cache: string) => {
      const object = path.join(cache, 'files', 'md5', sum.slice(0, 2), sum.slice(2));
      fs.mkdirSync(path.dirname(object), { recursive: true });
      fs.writeFileSync(object, 'shared weights\n');
      return object;
    };
    const shared = path.join(xdg, 'shared-cache');
    place(shared);
    fs.mkdirSync(path.join(xdg, 'dvc'));
    fs.writeFileSync(path.join(xdg, 'dvc', 'config'), `[core]\n    remote = s3\n['cache']\n    dir = "${shared}"  # the team's cache\n`);
    const resolveWith = (out: string) => cli(['resolve', 'churn@v1.0.0', '--to', out, '--json'], repo, { env });
    const fromShared = resolveWith(tempDir('resolve-out-'));
    assert.equal(fromShared.code, 0, fromShared.stderr);
    assert.equal(JSON.parse(fromShared.stdout).written.from, `the DVC cache ${shared} (model/churn.pkl.dvc, md5 ${sum})`);

    const local = place(path.join(home, 'local-cache'));
    write(repo, '.dvc/config.local', '[cache]\ndir = ~/local-cache ; mine\n');
    const fromLocal = resolveWith(tempDir('resolve-out-'));
    assert.equal(fromLocal.code, 0, fromLocal.stderr);
    assert.equal(JSON.parse(fromLocal.stdout).written.from, `the DVC cache ${path.join(home, 'local-cache')} (model/churn.pkl.dvc, md5 ${sum})`);

    fs.rmSync(local);
    write(repo, 'model/churn.pkl', 'shared weights\n');
    const fromTree = resolveWith(tempDir('resolve-out-'));
    assert.equal(fromTree.code, 0, fromTree.stderr);
    assert.equal(JSON.parse(fromTree.stdout).written.stored, 'workspace');

    fs.rmSync(path.join(repo, 'model/churn.pkl'));
    const none = resolveWith(tempDir('resolve-out-'));
    assert.equal(none.code, 1);
    assert.match(none.stderr, /the cache .*local-cache \(cache\.dir of .*\.dvc\/config\.local\) does not have it .*run "dvc pull"/);
  });

  it("a dvc.lock stage's wdir (from dvc.yaml) places its outs; an artifact nothing tracks says where dvc.lock files were looked for", () => {
    const repo = makeRepo('resolve-wdir-');
    dvcInit(repo);
    write(repo, 'train/out/model.bin', 'binary weights\n');
    write(repo, 'train/.gitignore', '/out\n');
    const sum = cacheFile(repo, 'dvc3', 'binary weights\n');
    write(repo, 'dvc.yaml', 'stages:\n  fit:\n    wdir: train\n    cmd: python fit.py\n    outs:\n    - out/model.bin\n');
    write(repo, 'dvc.lock', `schema: '2.0'\nstages:\n  fit:\n    cmd: python fit.py\n    outs:\n    - path: out/model.bin\n      hash: md5\n      md5: ${sum}\n`);
    git(repo, ['add', '.']);
    git(repo, ['commit', '-q', '-m', 'Fit in train/']);
    ok(['register', 'fit', '--artifact', 'train/out/model.bin', '--version', 'v1.0.0'], repo);
    fs.rmSync(path.join(repo, 'train/out'), { recursive: true });
    const r = resolvedJson(['fit@v1.0.0', '--to', tempDir('resolve-out-')], repo);
    assert.equal(r.written?.from, `the DVC cache .dvc/cache (dvc.lock, md5 ${sum})`);

    write(repo, 'loose/weights.bin', 'loose\n');
    write(repo, '.gitignore', 'models/\n/loose\n');
    git(repo, ['add', '.gitignore']);
    git(repo, ['commit', '-q', '-m', 'Ignore loose']);
    ok(['register', 'loose', '--artifact', 'loose/weights.bin', '--version', 'v1.0.0'], repo);
    fs.rmSync(path.join(repo, 'loose'), { recursive: true });
    userError(['resolve', 'loose@v1.0.0', '--to', tempDir('resolve-out-')], repo, /looked in loose\/weights\.bin\.dvc, loose\.dvc, loose\/dvc\.lock, dvc\.lock: a dvc\.lock is searched for in the artifact's folder and those above, not below/);
  });
});

describe('resolve: copies from the working tree', () => {
  it('a --to inside the folder copied from is refused before anything is written', () => {
    const repo = makeRepo('resolve-inside-');
    write(repo, 'models/net/a/w.bin', 'weights\n');
    fs.symlinkSync('a', path.join(repo, 'models/net/b'));
    ok(['register', 'net', '--artifact', 'models/net', '--version', 'v1.0.0'], repo);

    userError(['resolve', 'net@v1.0.0', '--to', 'models/net/copies'], repo, /The destination .*models\/net\/copies is inside .*models\/net, the artifact it would be copied from; choose a folder outside it\./);
    assert.deepEqual(listing(path.join(repo, 'models/net')), ['a', 'a/w.bin', 'b', 'b/w.bin']); // b/w.bin: a/w.bin through the link
  });

  it('a folder reached twice through a link is copied once, as it was hashed', async () => {
    const repo = makeRepo('resolve-twice-');
    write(repo, 'models/net/a/w.bin', 'weights\n');
    fs.symlinkSync('a', path.join(repo, 'models/net/b'));
    ok(['register', 'net', '--artifact', 'models/net', '--version', 'v1.0.0'], repo);
    const out = tempDir('resolve-out-');
    const r = resolvedJson(['net@v1.0.0', '--to', out], repo);
    assert.equal(r.written?.stored, 'workspace');
    assert.deepEqual(listing(path.join(out, 'net')), ['a', 'a/w.bin']);
    assert.equal(await sha256Of(path.join(out, 'net')), r.sha256);
  });
});

describe('resolve: a model both registries have', () => {
  it('the git registry wins for a ref it resolves; model_tracking@1 falls through to MLflow; one neither resolves names both', () => {
    const ws = copyFixture('data-IA-2022__CO2_Mlflow_Maud_Tarik', 'mlruns');
    git(ws, ['init', '-q', '-b', 'main']);
    configureUser(ws);
    ok(['import', 'mlruns', '--quiet'], ws);
    // A registration tag that arrives with a pull (register itself refuses a name the store has from MLflow).
    commit(ws, 'artifacts/model.pkl', 'git registry weights\n');
    const artifact = { path: 'artifacts/model.pkl', sha256: createHash('sha256').update('git registry weights\n').digest('hex'), size: 21 };
    git(ws, ['tag', '-a', 'model_tracking@v1.0.0', '-m', formatTagMessage(subjects.register('model_tracking', 'v1.0.0'), { ...emptyMetadata(), artifact })]);

    assert.equal(resolvedJson(['model_tracking@latest'], ws).registry, 'git');
    const one = resolvedJson(['model_tracking@1'], ws);
    assert.deepEqual([one.registry, one.path.startsWith('mlruns/')], ['mlflow', true]);
    userError(['resolve', 'model_tracking@9'], ws, /model_tracking is both a git-registry model and an imported MLflow model, and neither resolves model_tracking@9: git registry: .* MLflow: model_tracking@9 names no version of the MLflow model model_tracking/);
  });
});

describe('resolve: without --to', () => {
  it('says the path is the registered one, unverified; --keep writes the kept copy in one call; a failed write leaves no folder behind', () => {
    const repo = makeRepo('resolve-keep-');
    commit(repo, 'artifacts/churn.pkl', 'keep weights\n');
    ok(['register', 'churn', '--artifact', 'artifacts/churn.pkl', '--version', 'v1.0.0'], repo);
    assert.match(ok(['resolve', '--help'], repo), /Nothing is\s+read or verified/);
    const plain = resolvedJson(['churn@v1.0.0'], repo) as unknown as { verified: boolean };
    assert.equal(plain.verified, false);
    const kept = resolvedJson(['churn@latest', '--keep'], repo) as unknown as { verified: boolean; written: { file: string } };
    assert.deepEqual([kept.verified, kept.written.file], [true, path.join(repo, '.modelledger', 'artifacts', 'churn', 'v1.0.0', 'churn.pkl')]);

    write(repo, 'models/other.pkl', 'other\n');
    ok(['register', 'other', '--artifact', 'models/other.pkl', '--version', 'v1.0.0'], repo);
    fs.writeFileSync(path.join(repo, 'models/other.pkl'), 'not the registered bytes\n');
    const later = tempDir('resolve-out-');
    userError(['resolve', 'other@v1.0.0', '--to', path.join(later, 'a', 'b')], repo, /has sha256/);
    assert.deepEqual(listing(later), []);
  });
});
