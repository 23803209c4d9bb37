import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSink } from '../../../src/ingest/diagnostics';
import type { IngestContext } from '../../../src/ingest/types';
import { Store } from '../../../src/store/store';
import { PROJECT_ROOT, tempDir } from './temp';

/** Real run data written by other projects (see its PROVENANCE.md); read-only, never edited. */
export const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'real');

/** A writable copy of `rel` (default: all) of a fixture folder, at the same place in a new workspace. */
export function copyFixture(repo: string, rel = '.'): string {
  return copyFixtureInto(tempDir(`fixture-${repo.slice(0, 20)}-`), repo, rel);
}

/** Adds a writable copy of a fixture's `rel` to an existing workspace, at the same place. */
export function copyFixtureInto(ws: string, repo: string, rel = '.'): string {
  fs.cpSync(path.join(FIXTURES, repo, rel), path.join(ws, rel), { recursive: true });
  makeWritable(ws);
  return ws;
}

function makeWritable(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) makeWritable(child);
    else fs.chmodSync(child, 0o644);
  }
}

/** An import context on the workspace's store, collecting diagnostics. */
export function ingestContext(ws: string): IngestContext & { diagnostics: DiagnosticSink } {
  return { store: Store.open(ws), workspace: ws, diagnostics: new DiagnosticSink() };
}
