import * as vscode from 'vscode';
import { keptArtifactFolder } from '../../registry/resolve/writeVersionArtifact';
import { ArtifactNode } from '../views/nodes/artifactNode';
import { VersionNode } from '../views/nodes/versionNode';
import type { TreeNode } from '../views/treeNode';
import { MODELS_DRAG_MIME_TYPE as URI_LIST } from '../viewIds';
import type { RegistryCommandContext } from './commandContext';
import { resolveVersionArtifact } from './resolveVersionArtifact';

/**
 * Dragging a version (or its artifact row) out of the Models view drops its artifact: the verified
 * copy kept in `.modelledger/artifacts/<model>/<version>/` (written on the first drag, only
 * verified after), given as a file URI list, which the Explorer, editors and terminals accept.
 * A version that cannot be resolved drops nothing and says why.
 */
export class VersionArtifactDrag implements vscode.TreeDragAndDropController<TreeNode> {
  readonly dragMimeTypes = [URI_LIST];
  readonly dropMimeTypes: string[] = [];

  constructor(private readonly ctx: RegistryCommandContext) {}

  async handleDrag(source: readonly TreeNode[], dataTransfer: vscode.DataTransfer): Promise<void> {
    const uris: string[] = [];
    for (const node of source) {
      const named = versionOf(node);
      if (!named) continue;
      try {
        const { written } = await resolveVersionArtifact(this.ctx, named.folder, named.model, named.version, (a) => keptArtifactFolder(named.folder.uri.fsPath, a.model, a.version));
        uris.push(vscode.Uri.file(written.file).toString());
      } catch (error) {
        this.ctx.feedback.error(error);
      }
    }
    if (uris.length > 0) dataTransfer.set(URI_LIST, new vscode.DataTransferItem(uris.join('\r\n')));
  }
}

function versionOf(node: TreeNode): { folder: vscode.WorkspaceFolder; model: string; version: string } | undefined {
  if (node instanceof VersionNode) return { folder: node.folder, model: node.version.model, version: node.version.version };
  if (node instanceof ArtifactNode) return { folder: node.folder, model: node.model, version: node.version };
  return undefined;
}
