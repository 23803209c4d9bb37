import * as path from 'node:path';
import { childFolders, EXPERIMENT_FOLDERS_NOT_RUNS, REGISTRY_FOLDER, TRASH_FOLDER } from '../mlflow/layout';
import type { SourceRef } from '../sources';
import type { PolledChange, SourcePoll } from './sourcePoll';
import { stampOf, treeStamp } from './stamps';

/** A run folder the poll found new is looked at closely this long, until its import says whether it is running. */
const FRESH_MS = 60_000;
/** More entries than a run's meta.yaml, params, tags and metrics hold; a bigger run is compared on its first entries only. */
const MAX_RUN_ENTRIES = 5000;
/**
 * A running run none of whose files changed for this long is looked at only every
 * `QUIET_CHECK_MS`: MLflow stores keep crashed runs marked running forever.
 */
const QUIET_MS = 10 * 60_000;
const QUIET_CHECK_MS = 30_000;
/** What MLflow writes in a run folder while it runs; `artifacts/` can be huge and is left out. */
const RUN_PARTS = ['meta.yaml', 'metrics', 'params', 'tags'];

interface LiveRun {
  stamp: string;
  newestMs: number;
  checkedAt: number;
}

interface ExperimentState {
  stamp: string | null;
  runs: Set<string>;
}

/**
 * An MLflow file store. Each check stats the store folder and its experiment folders (a new run
 * or experiment changes their modification time), and looks closely only at live runs: those the
 * store says are running (`runningRunIds`) and those found new in the last minute.
 */
export class MlflowPoll implements SourcePoll {
  private storeStamp: string | null;
  private readonly experiments = new Map<string, ExperimentState>();
  /** Live run folders, by folder: their stamp when last looked at. */
  private readonly live = new Map<string, LiveRun>();
  /** Run folders found new, by folder: when. */
  private readonly fresh = new Map<string, number>();

  constructor(
    private readonly source: SourceRef,
    private readonly runningRunIds: () => ReadonlySet<string>,
    private readonly now: () => number = Date.now,
  ) {
    this.storeStamp = stampOf(source.path);
    for (const name of this.experimentNames()) this.experiments.set(name, this.readExperiment(name));
  }

  check(): PolledChange[] {
    const changes: PolledChange[] = [];
    const storeStamp = stampOf(this.source.path);
    if (storeStamp !== this.storeStamp) {
      this.storeStamp = storeStamp;
      const names = this.experimentNames();
      if (names.some((name) => !this.experiments.has(name))) changes.push({ source: this.source, runDir: null });
      for (const name of [...this.experiments.keys()]) if (!names.includes(name)) this.experiments.delete(name);
      for (const name of names) if (!this.experiments.has(name)) this.experiments.set(name, this.readExperiment(name));
    }
    for (const [name, before] of this.experiments) {
      if (stampOf(path.join(this.source.path, name)) === before.stamp) continue;
      const after = this.readExperiment(name);
      this.experiments.set(name, after);
      const added = [...after.runs].filter((run) => !before.runs.has(run));
      // The folder's time also moves when MLflow writes the experiment's own files; the watcher
      // reports those, and they rarely change while runs train.
      for (const run of added) {
        const runDir = path.join(this.source.path, name, run);
        this.fresh.set(runDir, this.now());
        changes.push({ source: this.source, runDir });
      }
    }
    for (const runDir of this.liveRunDirs()) {
      const now = this.now();
      const before = this.live.get(runDir);
      if (before && now - before.newestMs > QUIET_MS && now - before.checkedAt < QUIET_CHECK_MS) continue;
      const { text, newestMs } = treeStamp(RUN_PARTS.map((part) => path.join(runDir, part)), MAX_RUN_ENTRIES);
      this.live.set(runDir, { stamp: text, newestMs, checkedAt: now });
      if (before !== undefined && before.stamp !== text && !changes.some((c) => c.runDir === runDir)) changes.push({ source: this.source, runDir });
    }
    return changes;
  }

  /** Running runs' folders and fresh ones; the rest are forgotten, so a run that comes back to life starts from a new stamp. */
  private liveRunDirs(): string[] {
    const running = this.runningRunIds();
    const dirs = new Set<string>();
    for (const run of running) {
      for (const [name, experiment] of this.experiments) if (experiment.runs.has(run)) dirs.add(path.join(this.source.path, name, run));
    }
    for (const [runDir, since] of this.fresh) {
      if (this.now() - since > FRESH_MS) this.fresh.delete(runDir);
      else dirs.add(runDir);
    }
    for (const runDir of this.live.keys()) if (!dirs.has(runDir)) this.live.delete(runDir);
    return [...dirs];
  }

  private experimentNames(): string[] {
    return childNames(this.source.path).filter((name) => name !== TRASH_FOLDER && name !== REGISTRY_FOLDER);
  }

  private readExperiment(name: string): ExperimentState {
    const dir = path.join(this.source.path, name);
    return { stamp: stampOf(dir), runs: new Set(childNames(dir).filter((run) => !EXPERIMENT_FOLDERS_NOT_RUNS.has(run))) };
  }
}

function childNames(dir: string): string[] {
  return childFolders(dir).map((folder) => path.basename(folder));
}
