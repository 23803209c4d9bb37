import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { RunCodeComparer, type CodeRun } from '../../../src/git/runCode';
import { FIXTURES } from '../helpers/fixtures';
import { tempDir } from '../helpers/temp';
import { commit, git, makeRepo, write } from '../registry/gitRepos';

const T0 = 1_700_000_000_000;

function run(id: string, commitId: string | null, startTime: number | null = T0, dirty = false): CodeRun {
  return { id, commit: commitId, dirty, startTime };
}

describe('compare: the code of two runs', () => {
  // c1 → c2 → c3 on main: c2 edits train.py and adds two files; c3 renames one, deletes the other, adds a third.
  const repo = makeRepo('run-code-');
  const c1 = git(repo, ['rev-parse', 'HEAD']);
  write(repo, 'src/model.py', 'class Model:\n    """A model with enough lines for git to see a rename."""\n    layers = 4\n    width = 128\n');
  write(repo, 'notes.md', 'notes\n');
  git(repo, ['add', '.']);
  const c2 = commit(repo, 'train.py', 'print("training v2")\n', 'v2');
  git(repo, ['mv', 'src/model.py', 'src/network.py']);
  git(repo, ['rm', '-q', 'notes.md']);
  const c3 = commit(repo, 'eval.py', 'print("eval")\n', 'v3');
  const comparer = new RunCodeComparer();

  it('puts the ancestor first even when its run started later, and lists what changed', async () => {
    const code = await comparer.compare(repo, run('new', c2, T0), run('old', c1, T0 + 1000));
    assert.equal(code.status, 'ready');
    assert.deepEqual(code.from, { runId: 'old', commit: c1 });
    assert.deepEqual(code.to, { runId: 'new', commit: c2 });
    assert.deepEqual(code.files.sort((x, y) => x.path.localeCompare(y.path)), [
      { path: 'notes.md', oldPath: null, status: 'added' },
      { path: 'src/model.py', oldPath: null, status: 'added' },
      { path: 'train.py', oldPath: null, status: 'modified' },
    ]);
    assert.deepEqual(code.problems, []);
    assert.equal(code.root, fs.realpathSync(repo));
  });

  it('detects renames and deletions', async () => {
    const code = await comparer.compare(repo, run('a', c2), run('b', c3));
    assert.deepEqual(code.files.sort((x, y) => x.path.localeCompare(y.path)), [
      { path: 'eval.py', oldPath: null, status: 'added' },
      { path: 'notes.md', oldPath: null, status: 'deleted' },
      { path: 'src/network.py', oldPath: 'src/model.py', status: 'renamed' },
    ]);
    const again = await comparer.compare(repo, run('b', c3), run('a', c2));
    assert.deepEqual(again.from, { runId: 'a', commit: c2 }, 'the same answer from either side');
    assert.deepEqual(again.files, code.files);
  });

  it('orders commits on two branches by commit time, and ties by the runs’ start times', async () => {
    git(repo, ['checkout', '-q', '-b', 'side', c1]);
    const late = commit(repo, 'side.txt', 'late\n', 'late', { GIT_COMMITTER_DATE: '2030-01-02T00:00:00Z' });
    git(repo, ['checkout', '-q', '-b', 'other', c1]);
    const early = commit(repo, 'other.txt', 'early\n', 'early', { GIT_COMMITTER_DATE: '2030-01-01T00:00:00Z' });
    const tie = commit(repo, 'tie.txt', 'tie\n', 'tie', { GIT_COMMITTER_DATE: '2030-01-02T00:00:00Z' });
    git(repo, ['checkout', '-q', 'main']);
    const byTime = await comparer.compare(repo, run('late', late, T0), run('early', early, T0 + 5000));
    assert.deepEqual([byTime.from.runId, byTime.to.runId], ['early', 'late']);
    assert.deepEqual(byTime.files.map((f) => [f.path, f.status]).sort(), [['other.txt', 'deleted'], ['side.txt', 'added']]);
    const tied = await comparer.compare(repo, run('x', late, T0 + 5000), run('y', tie, T0));
    assert.deepEqual([tied.from.runId, tied.to.runId], ['y', 'x'], 'same commit time: the run that started first');
  });

  it('says which run has no commit and which commit is not in the repository', async () => {
    const missing = 'deadbeef'.repeat(5);
    const code = await comparer.compare(repo, run('none', null), run('gone', missing));
    assert.equal(code.status, 'unavailable');
    assert.deepEqual(code.problems, [{ kind: 'noCommit', runId: 'none' }, { kind: 'unknownCommit', runId: 'gone', commit: missing }]);
    const neither = await comparer.compare(repo, run('p', null), run('q', null));
    assert.deepEqual(neither.problems, [{ kind: 'noCommits' }], 'one problem for both runs');
  });

  it('says once that two runs ran the same commit, even when that commit is not in this repository', async () => {
    // Two real MLflow runs of another project that recorded the same commit, which this repository does not have.
    const recorded = (runId: string) => fs.readFileSync(path.join(FIXTURES, '1ayham1__genre_classification', 'mlruns', '0', runId, 'tags', 'mlflow.source.git.commit'), 'utf8').trim();
    const [a, b] = [recorded('6141eca3c20b48ec8c0617b9709854ce'), recorded('b487f92491834a66b24bcf84c4866280')];
    assert.equal(a, b, 'the fixture runs share a commit');
    const code = await comparer.compare(repo, run('6141eca3', a, T0), run('b487f924', b, T0 + 1000));
    assert.equal(code.status, 'ready');
    assert.deepEqual(code.files, []);
    assert.deepEqual(code.problems, [{ kind: 'sameCommit', commit: a }]);
    assert.deepEqual([code.from, code.to], [{ runId: '6141eca3', commit: a }, { runId: 'b487f924', commit: b }]);
  });

  it('reports the same commit as nothing to diff, with short ids resolved', async () => {
    const code = await comparer.compare(repo, run('a', c3.slice(0, 10)), run('b', c3));
    assert.equal(code.status, 'ready');
    assert.deepEqual(code.files, []);
    assert.deepEqual(code.problems, [{ kind: 'sameCommit', commit: c3 }]);
    assert.equal(code.from.commit, c3);
  });

  it('reports the runs whose working tree was dirty', async () => {
    const code = await comparer.compare(repo, run('clean', c1), run('dirty', c3, T0, true));
    assert.deepEqual(code.dirtyRunIds, ['dirty']);
    assert.equal(code.status, 'ready');
  });

  it('never hands a hostile commit string to git', async () => {
    const target = path.join(tempDir(), 'pwned');
    for (const hostile of [`--output=${target}`, 'HEAD', `${c1} --help`, '-c', '']) {
      const code = await comparer.compare(repo, run('evil', hostile), run('good', c1));
      assert.equal(code.status, 'unavailable', hostile);
      assert.deepEqual(code.problems, [{ kind: 'unknownCommit', runId: 'evil', commit: hostile }]);
    }
    assert.equal(fs.existsSync(target), false);
  });

  it('says when the folder is not a git repository', async () => {
    const code = await comparer.compare(tempDir('no-git-'), run('a', c1), run('b', c2));
    assert.equal(code.status, 'unavailable');
    assert.deepEqual(code.problems, [{ kind: 'notRepository' }]);
  });
});
