import * as vscode from 'vscode';
import { formatNumber, shortCommit } from '../../../common/format';
import type { Run } from '../../../core/types';
import { labelInExperiment, labelRuns } from '../../../store/runListingLabels';
import type { Store } from '../../../store/store';
import { runStatusLabel } from '../runQueryWords';
import { locateArtifact } from '../runArtifacts';
import { showRunCommand } from '../showRunCommand';
import type { TreeNode } from '../treeNode';
import { DetailGroupNode } from './detailGroupNode';
import { DetailNode } from './detailNode';
import { RunFactNode } from './runFactNode';

/** What a run row shows when expanded: its note, commit, params, metrics, tags, artifacts, inputs, parent and child runs. */
export function runDetailNodes(folder: vscode.WorkspaceFolder, store: Store, run: Run, note: string | null): TreeNode[] {
  const prefix = `run:${folder.uri.toString()}:${run.id}`;
  const nodes: TreeNode[] = [];
  if (note) {
    const firstLine = note.split('\n', 1)[0]!;
    nodes.push(new DetailNode({ id: `${prefix}:note`, label: firstLine, description: vscode.l10n.t('note'), icon: 'note', tooltip: note, contextValue: 'runNote' }));
  }
  if (run.git) nodes.push(commitNode(folder, run, prefix));
  if (run.parentRunId) nodes.push(relatedRunNode(folder, store, run.parentRunId, `${prefix}:parent`, vscode.l10n.t('parent run')));

  const params = Object.entries(store.runs.params(run.id));
  if (params.length) {
    nodes.push(
      group(prefix, 'params', vscode.l10n.t('Params'), 'symbol-parameter', params.length, () =>
        params.map(([key, value]) => new DetailNode({ id: `${prefix}:param:${key}`, label: key, description: value, icon: 'symbol-field', tooltip: `${key} = ${value}`, contextValue: 'runParam' })),
      ),
    );
  }
  const metrics = [...store.metrics.summaries(run.id)];
  if (metrics.length) {
    nodes.push(
      group(prefix, 'metrics', vscode.l10n.t('Metrics'), 'graph', metrics.length, () =>
        metrics.map(
          ([key, s]) =>
            new DetailNode({
              id: `${prefix}:metric:${key}`,
              label: key,
              description: vscode.l10n.t('{0} (min {1}, max {2})', formatNumber(s.last), formatNumber(s.min), formatNumber(s.max)),
              icon: 'symbol-number',
              tooltip: s.count === 1 ? vscode.l10n.t('{0}: 1 point, last at step {1}', key, s.lastStep) : vscode.l10n.t('{0}: {1} points, last at step {2}', key, s.count, s.lastStep),
              contextValue: 'runMetric',
            }),
        ),
      ),
    );
  }
  const tags = Object.entries(store.runs.tags(run.id));
  if (tags.length) {
    nodes.push(
      group(prefix, 'tags', vscode.l10n.t('Tags'), 'tag', tags.length, () =>
        tags.map(([key, value]) => new DetailNode({ id: `${prefix}:tag:${key}`, label: key, description: value, icon: 'tag', tooltip: `${key} = ${value}`, contextValue: 'runTag' })),
      ),
    );
  }
  const artifacts = store.runs.artifacts(run.id);
  if (artifacts.length) {
    nodes.push(
      group(prefix, 'artifacts', vscode.l10n.t('Artifacts'), 'file-binary', artifacts.length, () =>
        artifacts.map((artifact) => {
          const file = locateArtifact(folder.uri.fsPath, store, run, artifact);
          return new RunFactNode(
            folder,
            run.id,
            {
              id: `${prefix}:artifact:${artifact.path}`,
              label: artifact.path,
              description: file ? undefined : vscode.l10n.t('not on this machine'),
              icon: 'file',
              tooltip: [artifact.path, artifact.sha256 ? `sha256 ${artifact.sha256}` : undefined, artifact.size === null ? undefined : vscode.l10n.t('{0} bytes', artifact.size)].filter(Boolean).join('\n'),
              contextValue: file ? 'runArtifact' : 'runArtifact.missing',
              command: file ? { command: 'vscode.open', title: vscode.l10n.t('Open Artifact'), arguments: [vscode.Uri.file(file)] } : undefined,
            },
            artifact,
          );
        }),
      ),
    );
  }
  const inputs = store.runs.inputs(run.id);
  if (inputs.length) {
    nodes.push(
      group(prefix, 'inputs', vscode.l10n.t('Dataset inputs'), 'database', inputs.length, () =>
        inputs.map((input) => new DetailNode({ id: `${prefix}:input:${input.path}`, label: input.path, description: input.sha256 ? `sha256 ${input.sha256.slice(0, 12)}…` : undefined, icon: 'database', tooltip: [input.path, input.sha256 ? `sha256 ${input.sha256}` : undefined].filter(Boolean).join('\n'), contextValue: 'runInput' })),
      ),
    );
  }
  const children = store.runList.childRuns(run.id);
  if (children.length) {
    nodes.push(
      group(prefix, 'children', vscode.l10n.t('Child runs'), 'type-hierarchy-sub', children.length, () => {
        // Child runs are listed together (PyCaret names many alike): what tells them apart is among them.
        const labels = labelRuns(store.runList, children);
        return children.map((child) => relatedRunNode(folder, store, child.id, `${prefix}:child:${child.id}`, runStatusLabel(child.status), labels.get(child.id)!.qualifier));
      }),
    );
  }
  return nodes;
}

function group(prefix: string, kind: string, label: string, icon: string, count: number, children: () => TreeNode[]): DetailGroupNode {
  return new DetailGroupNode({ id: `${prefix}:${kind}`, label, icon, description: String(count), contextValue: `runDetails.${kind}`, children });
}

function commitNode(folder: vscode.WorkspaceFolder, run: Run, prefix: string): RunFactNode {
  const git = run.git!;
  const description = [git.branch, git.dirty ? vscode.l10n.t('uncommitted changes') : undefined].filter(Boolean).join(' · ');
  return new RunFactNode(folder, run.id, {
    id: `${prefix}:commit`,
    label: shortCommit(git.commit),
    description: description || vscode.l10n.t('commit'),
    icon: 'git-commit',
    tooltip: [vscode.l10n.t('commit {0}', git.commit), git.dirty ? vscode.l10n.t('The working tree had uncommitted changes when this run started.') : undefined].filter(Boolean).join('\n'),
    contextValue: 'runCommit',
    command: { command: 'modelLedger.openRunCommit', title: vscode.l10n.t('Open Commit'), arguments: [{ folder: folder.uri.fsPath, runId: run.id }] },
  });
}

/**
 * A parent or child run: selecting it shows its details. A parent is named alone, so what tells it
 * apart from same-named runs is found in its experiment; children pass theirs.
 */
function relatedRunNode(folder: vscode.WorkspaceFolder, store: Store, runId: string, id: string, description: string, qualifier?: string | null): DetailNode {
  const run = store.runs.get(runId);
  const told = run && (qualifier !== undefined ? qualifier : labelInExperiment(store.runList, run).qualifier);
  return new DetailNode({
    id,
    label: run?.name ?? runId,
    description: run ? [told, description].filter(Boolean).join(' · ') : vscode.l10n.t('{0}, not in this store', description),
    icon: 'beaker',
    tooltip: vscode.l10n.t('Run {0}: select to show its details', runId),
    contextValue: 'runRelated',
    command: showRunCommand(folder, runId),
  });
}
