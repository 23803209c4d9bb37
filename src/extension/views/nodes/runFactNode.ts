import type * as vscode from 'vscode';
import type { Artifact } from '../../../core/types';
import { DetailNode, type DetailRow } from './detailNode';

/**
 * A fact under a run that a command acts on: its commit (Open Commit) or one of its artifacts
 * (Reveal Artifact). It knows its run, so the command needs nothing else.
 */
export class RunFactNode extends DetailNode {
  constructor(
    readonly folder: vscode.WorkspaceFolder,
    readonly runId: string,
    row: DetailRow,
    readonly artifact: Artifact | null = null,
  ) {
    super(row);
  }
}
