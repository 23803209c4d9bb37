import * as path from 'node:path';
import type { SourceRef } from '../sources';
import type { PolledChange, SourcePoll } from './sourcePoll';
import { treeStamp } from './stamps';

/** More entries than a DVCLive folder holds; a bigger one is compared on its first entries only. */
const MAX_ENTRIES = 2000;

/**
 * A source read whole on any change: a DVCLive folder (its summary, params and metric histories)
 * or an mlflow.db (the database and its write-ahead log).
 */
export class FilesPoll implements SourcePoll {
  private last: string;

  constructor(
    private readonly source: SourceRef,
    private readonly paths: readonly string[],
  ) {
    this.last = this.stamp();
  }

  static of(source: SourceRef): FilesPoll {
    if (source.kind === 'mlflow-db') return new FilesPoll(source, [source.path, `${source.path}-wal`]);
    // What the DVCLive importer reads of a run folder; plots/images and the like can hold thousands of files.
    const dvclive = ['metrics.json', 'params.yaml', path.join('plots', 'metrics')].map((part) => path.join(source.path, part));
    return new FilesPoll(source, dvclive);
  }

  check(): PolledChange[] {
    const now = this.stamp();
    if (now === this.last) return [];
    this.last = now;
    return [{ source: this.source, runDir: null }];
  }

  private stamp(): string {
    return treeStamp(this.paths, MAX_ENTRIES).text;
  }
}
