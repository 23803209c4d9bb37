import type * as vscode from 'vscode';
import { runArtifactRoots } from '../../artifacts/runArtifactRoots';
import type { CompareMedia } from '../../protocol/media';
import type { Store } from '../../store/store';
import { runMediaState } from '../panels/runMediaState';

/** The compared runs' media for the Media section, and every root their images lie in (the folders the webview may load). */
export function compareMedia(webview: vscode.Webview, workspace: string, store: Store, runIds: readonly string[]): { media: CompareMedia; resourceRoots: vscode.Uri[] } {
  const runs = runIds.map((runId) => ({ runId, state: runMediaState(webview, workspace, runId, runArtifactRoots(workspace, store, runId)) }));
  const roots = new Map(runs.flatMap((r) => r.state.resourceRoots).map((uri) => [uri.toString(), uri]));
  return { media: { runs: runs.map((r) => ({ runId: r.runId, media: r.state.view })) }, resourceRoots: [...roots.values()] };
}
