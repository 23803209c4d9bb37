import { markdownParagraphs, markdownText } from '../../common/markdownText';
import type { CardFacts } from './cardFacts';

/**
 * The sections of a model card, after Mitchell et al., "Model Cards for Model Reporting" (2019):
 * each with the facts Model Ledger fills in (null: only a person can write it) and a prompt,
 * written as a comment, of what a person should add.
 */
export interface CardSectionSpec {
  title: string;
  /** The id of its facts block; null for a section only a person writes. */
  facts: string | null;
  prompt: string;
}

export const CARD_SECTIONS: readonly CardSectionSpec[] = [
  { title: 'Model details', facts: 'model-details', prompt: 'Who developed the model, what kind of model it is (algorithm, architecture, main parameters), its license, how to cite it, and where to send questions.' },
  { title: 'Intended use', facts: null, prompt: 'The primary intended uses and users, and the uses that are out of scope.' },
  { title: 'Factors', facts: null, prompt: 'Groups, instruments and environments that can change how well the model works, and which of them the evaluation covers.' },
  { title: 'Metrics', facts: 'metrics', prompt: 'Why these metrics, the decision thresholds used, and how their uncertainty was estimated.' },
  { title: 'Evaluation data', facts: 'evaluation-data', prompt: 'Which data evaluated the model, why it was chosen, and how it was preprocessed.' },
  { title: 'Training data', facts: 'training-data', prompt: 'Where the training data comes from and how it is distributed over the factors above.' },
  { title: 'Quantitative analyses', facts: 'quantitative-analyses', prompt: 'Results broken down by the factors above, one at a time and in combination.' },
  { title: 'Ethical considerations', facts: null, prompt: 'Sensitive data, risks to people, and what was done to reduce them.' },
  { title: 'Caveats and recommendations', facts: null, prompt: 'What the evaluation did not cover, and advice for people who use the model.' },
];

/** The body of a facts block: Markdown, or a comment when Model Ledger knows nothing for it (so the section counts as not filled). */
export function factsMarkdown(id: string, facts: CardFacts): string {
  const lines = FACTS[id]?.(facts) ?? [];
  return lines.length > 0 ? lines.join('\n') : `<!-- ${NOTHING_KNOWN[id] ?? 'Model Ledger knows nothing for this section yet.'} -->`;
}

const NOTHING_KNOWN: Record<string, string> = {
  metrics: 'No metrics were recorded when this version was registered.',
  'evaluation-data': 'Model Ledger knows no evaluation data of this version.',
  'training-data': 'Model Ledger knows no training data of this version.',
  'quantitative-analyses': 'No evaluation run and no drift check of this version yet.',
};

const FACTS: Record<string, (f: CardFacts) => string[]> = {
  'model-details': modelDetails,
  metrics: (f) => metricsTable(f.metrics),
  'evaluation-data': (f) => datasetList(f, 'evaluation'),
  'training-data': (f) => datasetList(f, 'training'),
  'quantitative-analyses': quantitative,
};

function modelDetails(f: CardFacts): string[] {
  const lines: string[] = [];
  const t = markdownText;
  lines.push(`- **Model:** ${t(f.model)}${f.modelDescription ? ` — ${t(f.modelDescription)}` : ''}`);
  if (f.modelLabels.length > 0) lines.push(`- **Model labels:** ${f.modelLabels.map(t).join(', ')}`);
  lines.push(`- **Version:** ${t(f.version)}${f.deregistered ? ' (deregistered)' : ''}`);
  if (f.labels.length > 0) lines.push(`- **Version labels:** ${f.labels.map(t).join(', ')}`);
  lines.push(`- **Registered:** ${formatDate(f.registeredAt)}${f.registeredBy ? ` by ${t(f.registeredBy)}` : ''}`);
  lines.push(`- **Commit:** \`${f.commit}\`${f.dirty ? ' (the working tree had uncommitted changes)' : ''}`);
  if (f.tag) lines.push(`- **Registration tag:** ${t(f.tag)}`);
  if (f.run) lines.push(`- **Source run:** ${f.run.name ? `${t(f.run.name)} (\`${f.run.id.replace(/`/g, '')}\`)` : `\`${f.run.id.replace(/`/g, '')}\``}`);
  if (f.artifact) lines.push(`- **Artifact:** ${t(f.artifact.path)}${f.artifact.sha256 ? `, sha256 \`${f.artifact.sha256}\`` : ''}`);
  lines.push(`- **Stages:** ${f.stages.length > 0 ? f.stages.map(t).join(', ') : 'none'}`);
  if (f.deprecation) lines.push(`- **Deprecated:** ${f.deprecation.reason ? t(f.deprecation.reason) : 'yes (no reason given)'}`);
  if (f.description) lines.push('', markdownParagraphs(f.description));
  return lines;
}

function metricsTable(metrics: Record<string, number>): string[] {
  const keys = Object.keys(metrics).sort();
  if (keys.length === 0) return [];
  return ['Metrics of the source run when the version was registered:', '', '| Metric | Value |', '| --- | ---: |', ...keys.map((k) => `| ${markdownText(k)} | ${formatValue(metrics[k]!)} |`)];
}

function datasetList(f: CardFacts, role: 'training' | 'evaluation'): string[] {
  const lines = f.datasets.filter((d) => d.role === role).map((d) => `- ${markdownText(d.path)}${d.sha256 ? `, sha256 \`${d.sha256}\`` : ', sha256 not recorded'}`);
  if (role === 'evaluation') {
    const listed = new Set(f.datasets.map((d) => d.path));
    for (const e of f.evaluations) {
      for (const d of e.data) {
        if (listed.has(d.path)) continue;
        listed.add(d.path);
        lines.push(`- ${markdownText(d.path)}${d.sha256 ? `, sha256 \`${d.sha256}\`` : ''} (input of evaluation run ${markdownText(e.runName ?? e.runId)})`);
      }
    }
  }
  if (lines.length === 0) return [];
  const intro = role === 'training' ? `Data the version was trained on${f.run ? ` (source run ${markdownText(f.run.name ?? f.run.id)})` : ''}:` : 'Data the version was evaluated on:';
  return [intro, '', ...lines];
}

function quantitative(f: CardFacts): string[] {
  const lines: string[] = [];
  const rows = f.evaluations.flatMap((e) =>
    e.metrics.map((m) => `| ${markdownText(e.runName ?? e.runId)} | ${e.at === null ? '' : formatDate(e.at)} | ${markdownText(m.key)} | ${formatValue(m.registered)} | ${formatValue(m.value)} | ${formatDelta(m.delta)} |`),
  );
  if (rows.length > 0) {
    lines.push('Evaluation runs against the metrics at registration:', '', '| Run | Date | Metric | At registration | Evaluated | Change |', '| --- | --- | --- | ---: | ---: | ---: |', ...rows);
  } else if (f.evaluations.length > 0) {
    lines.push(`${f.evaluations.length} evaluation run(s), sharing no metric with those recorded at registration.`);
  }
  const checks = f.drift.map(({ stage, check }) => {
    if (!check) return `- **${markdownText(stage)}:** not checked yet`;
    const verdict = check.datasetDrift ? 'drift' : 'no drift';
    const columns = check.driftedColumns.length > 0 ? `; drifted columns: ${check.driftedColumns.map((c) => markdownText(c.name)).join(', ')}` : '';
    return `- **${markdownText(stage)}:** ${verdict} (${formatShare(check.driftShare)} of columns drifted, threshold ${formatShare(check.shareThreshold)}) in ${markdownText(check.batch)}, checked ${formatDate(check.checkedAt)}${columns}`;
  });
  if (checks.some((c) => !c.endsWith('not checked yet'))) {
    if (lines.length > 0) lines.push('');
    lines.push('Data drift of the stages this version holds (latest check):', '', ...checks);
  }
  return lines;
}

/** UTC, to the minute: the same card wherever it is generated. */
export function formatDate(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A metric as recorded: JavaScript's shortest round-trip form (NaN and Infinity as such). */
export function formatValue(value: number): string {
  return String(value);
}

function formatDelta(delta: number): string {
  if (!Number.isFinite(delta)) return String(delta);
  const rounded = Number(delta.toPrecision(6));
  return rounded > 0 ? `+${rounded}` : String(rounded);
}

function formatShare(share: number): string {
  return `${Number((share * 100).toFixed(1))} %`;
}
