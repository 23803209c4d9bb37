import { html, nothing, type TemplateResult } from 'lit';
import { shortCommit } from '../../src/common/format';
import type { ChangedFile, CodeSection, CompareRun, FromCompareWebview } from '../../src/protocol/compare';
import { runText } from './runLabel';
import * as l10n from '@vscode/l10n';

const STATUS_LETTERS: Record<ChangedFile['status'], string> = { added: 'A', modified: 'M', deleted: 'D', renamed: 'R', copied: 'C', typeChanged: 'T' };
const STATUS_WORDS: Record<ChangedFile['status'], () => string> = {
  added: () => l10n.t('added'),
  modified: () => l10n.t('modified'),
  deleted: () => l10n.t('deleted'),
  renamed: () => l10n.t('renamed'),
  copied: () => l10n.t('copied'),
  typeChanged: () => l10n.t('type changed'),
};

/** The code of two runs: which commits, whether the diff is ready, and each changed file opening VS Code's diff. */
export function codeSection(code: CodeSection | null, runs: readonly CompareRun[], post: (message: FromCompareWebview) => void): TemplateResult {
  if (!code) return html`<p class="empty">${l10n.t('Pick two runs or more to compare their code.')}</p>`;
  const name = (id: string) => {
    const run = runs.find((r) => r.id === id);
    return run ? runText(run) : id;
  };
  const dirty = code.dirtyRunIds.map(name);
  return html`
    <div class="controls">
      <label for="code-run">${l10n.t('Compare the baseline {0} with', name(code.baseRunId))}</label>
      <vscode-single-select id="code-run" .value=${code.otherRunId}
        @change=${(e: Event) => post({ type: 'setCodeRun', runId: (e.target as HTMLSelectElement).value })}>
        ${runs.filter((r) => r.id !== code.baseRunId).map((r) => html`<vscode-option value=${r.id} ?selected=${r.id === code.otherRunId}>${runText(r)}</vscode-option>`)}
      </vscode-single-select>
    </div>
    ${code.from.commit === null && code.to.commit === null
      ? nothing
      : html`<p class="commits">${commitText(code.from.commit, name(code.from.runId))} → ${commitText(code.to.commit, name(code.to.runId))}</p>`}
    ${dirty.length > 0
      ? html`<p class="warning" role="note">⚠ ${l10n.t('Dirty working tree: {0} ran with uncommitted changes, so their code is not exactly their commit.', dirty.join(', '))}</p>`
      : nothing}
    ${code.problems.map((p) => html`<p class="warning">${p}</p>`)}
    ${code.status === 'loading' ? html`<p class="empty" role="status">${l10n.t('Loading the changed files…')}</p>` : nothing}
    ${code.status === 'unavailable' && code.problems.length === 0 ? html`<p class="empty">${l10n.t('No diff is available for these runs.')}</p>` : nothing}
    ${code.status === 'ready' && !(code.files.length === 0 && code.problems.length > 0) ? fileList(code.files, post) : nothing}
  `;
}

function commitText(commit: string | null, run: string): TemplateResult {
  return html`<code>${shortCommit(commit)}</code> (${run})`;
}

function fileList(files: readonly ChangedFile[], post: (message: FromCompareWebview) => void): TemplateResult {
  if (files.length === 0) return html`<p class="empty">${l10n.t('The two commits have the same files.')}</p>`;
  return html`<ul class="changed-files" aria-label=${l10n.t('Changed files ({0})', files.length)}>
    ${files.map((f) => {
      const path = f.oldPath ? `${f.oldPath} → ${f.path}` : f.path;
      return html`<li>
        <button class="file" title=${l10n.t('Open the diff of {0}', path)} @click=${() => post({ type: 'openDiff', path: f.path })}>
          <span class="file-status status-${f.status}" title=${STATUS_WORDS[f.status]()}>${STATUS_LETTERS[f.status]}</span> ${path}
        </button>
      </li>`;
    })}
  </ul>`;
}
