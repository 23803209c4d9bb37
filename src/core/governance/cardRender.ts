import { isMap, isScalar, isSeq, stringify, type Document } from 'yaml';
import { markdownText } from '../../common/markdownText';
import { UserError } from '../errors';
import type { CardFacts } from './cardFacts';
import { CARD_SECTIONS, factsMarkdown } from './cardSections';
import { FACTS_END, factsBegin, parseCard } from './cardText';

/**
 * A version's model card in Hugging Face's layout (huggingface_hub's modelcard_template.md): YAML
 * front matter (license, tags, datasets, metrics, model-index), then Markdown. Model Ledger owns
 * the blocks between facts markers and the front matter keys in MACHINE_KEYS, sharing the lists in
 * MERGED_KEYS with a person (it adds its entries, keeps theirs); a person owns the rest, and an
 * update never touches it.
 */

/** Front matter keys Model Ledger writes; the others (license, language, …) are a person's. */
export const MACHINE_KEYS = ['model_name', 'tags', 'datasets', 'metrics', 'model-index', 'model_ledger'] as const;
/** Machine keys a person may add to: an update adds Model Ledger's missing entries and keeps theirs. */
export const MERGED_KEYS = ['tags', 'datasets', 'metrics'] as const;
/** Machine keys an update rewrites whole. */
const OWNED_KEYS = MACHINE_KEYS.filter((key) => !(MERGED_KEYS as readonly string[]).includes(key));

const HOW_KEPT = (model: string, version: string) =>
  `<!-- Model Ledger keeps this card. "Update Model Card Facts" (or \`model-ledger card ${model} ${version} --update\`) rewrites only the blocks between "model-ledger:facts" markers and the front matter keys ${OWNED_KEYS.join(', ')}, and adds its entries to ${MERGED_KEYS.join(', ')} (keeping yours). Everything else is yours: write under each heading (the prompts are comments, hidden in the preview) and set the license. -->`;

/** A new card for a version. */
export function createCard(facts: CardFacts): string {
  const person = `# The model's license: an SPDX id (apache-2.0, mit, …) or "other" with license_name.\nlicense: other\n`;
  const machine = stringify(machineFrontMatter(facts), { lineWidth: 0 });
  const parts = [
    `---\n${person}# Written by Model Ledger (see below):\n${machine}---`,
    `# Model card: ${markdownText(facts.model)} ${markdownText(facts.version)}`,
    HOW_KEPT(facts.model, facts.version),
  ];
  for (const section of CARD_SECTIONS) {
    const body = [`## ${section.title}`];
    if (section.facts !== null) body.push(`${factsBegin(section.facts)}\n${factsMarkdown(section.facts, facts)}\n${FACTS_END}`);
    body.push(`<!-- Prompt: ${section.prompt} -->`);
    parts.push(body.join('\n\n'));
  }
  return `${parts.join('\n\n')}\n`;
}

export interface CardUpdate {
  text: string;
  /** Facts blocks a person removed: they are not put back (say so). */
  missingBlocks: string[];
}

/**
 * The card with its facts brought up to date: each facts block's body and the machine keys of the
 * front matter replaced, nothing else changed. A card whose front matter cannot be read is a
 * UserError with the file and line (nothing is rewritten).
 */
export function updateCard(text: string, facts: CardFacts, file: string): CardUpdate {
  const parsed = parseCard(text, file);
  if (parsed.error) throw new UserError(`${parsed.error} Fix it, then update the card's facts again.`);
  if (parsed.factsError) throw new UserError(`${parsed.factsError} Nothing was rewritten.`);
  // The card keeps its own line ending (the first line's), so a CRLF card does not get mixed ones.
  const eol = /^[^\n]*\r\n/.test(text) ? '\r\n' : '\n';
  const lines = (s: string): string => s.replace(/\r?\n/g, eol);
  let frontText: string;
  let bodyStart = 0;
  if (parsed.frontMatter) {
    const doc = parsed.frontMatter.document;
    const machine = machineFrontMatter(facts);
    if (!isMap(doc.contents)) doc.contents = doc.createNode({}) as never;
    for (const key of MACHINE_KEYS) {
      const value = machine[key];
      if ((MERGED_KEYS as readonly string[]).includes(key)) mergeList(doc, key, value as string[] | undefined);
      else if (value === undefined) doc.delete(key);
      else doc.set(key, doc.createNode(value));
    }
    frontText = `---\n${doc.toString({ lineWidth: 0 })}---\n`;
    bodyStart = parsed.frontMatter.bodyStart;
  } else {
    frontText = `---\n${stringify(machineFrontMatter(facts), { lineWidth: 0 })}---\n`;
  }
  const seen = new Set<string>();
  let body = '';
  let from = bodyStart;
  for (const block of parsed.facts) {
    if (!CARD_SECTIONS.some((s) => s.facts === block.id)) continue;
    seen.add(block.id);
    body += text.slice(from, block.start) + lines(`${factsBegin(block.id)}\n${factsMarkdown(block.id, facts)}\n${FACTS_END}`);
    from = block.end;
  }
  body += text.slice(from);
  const missingBlocks = CARD_SECTIONS.flatMap((s) => (s.facts !== null && !seen.has(s.facts) ? [s.title] : []));
  return { text: lines(frontText) + body, missingBlocks };
}

/**
 * A list key Model Ledger and a person share: the person's entries stay, in their order, and
 * Model Ledger's missing ones are added after them. Nothing is removed, so a tag or dataset a
 * person added (or one Model Ledger wrote earlier) stays until a person deletes it.
 */
function mergeList(doc: Document, key: string, ours: string[] | undefined): void {
  const current = doc.get(key, true);
  if (current === undefined || current === null) {
    if (ours !== undefined) doc.set(key, doc.createNode(ours));
    return;
  }
  if (isScalar(current) && current.value !== null && typeof current.value !== 'object') {
    // `tags: churn` is one entry, as the Hub reads it.
    const theirs = String(current.value);
    doc.set(key, doc.createNode([theirs, ...(ours ?? []).filter((v) => v !== theirs)]));
    return;
  }
  if (!isSeq(current)) {
    if (ours !== undefined) doc.set(key, doc.createNode(ours));
    return;
  }
  const have = new Set(current.items.map((item) => String(isScalar(item) ? item.value : item)));
  for (const value of ours ?? []) if (!have.has(value)) current.add(doc.createNode(value));
}

type MachineFrontMatter = Partial<Record<(typeof MACHINE_KEYS)[number], unknown>>;

/** The machine keys' values; a key with nothing to say is left out (an update removes it). */
export function machineFrontMatter(f: CardFacts): MachineFrontMatter {
  const out: MachineFrontMatter = { model_name: f.model };
  out.tags = [...new Set(['model-ledger', ...f.modelLabels, ...f.labels])];
  if (f.datasets.length > 0) out.datasets = [...new Set(f.datasets.map((d) => d.path))];
  const metricKeys = Object.keys(f.metrics).sort();
  if (metricKeys.length > 0) out.metrics = metricKeys;
  const results = modelIndexResults(f);
  if (results.length > 0) out['model-index'] = [{ name: `${f.model} ${f.version}`, results }];
  const ledger: Record<string, unknown> = { model: f.model, version: f.version, commit: f.commit };
  if (f.tag) ledger.registration_tag = f.tag;
  if (f.run) ledger.source_run = f.run.id;
  if (f.artifact) ledger.artifact = f.artifact.sha256 ? { path: f.artifact.path, sha256: f.artifact.sha256 } : { path: f.artifact.path };
  if (f.stages.length > 0) ledger.stages = f.stages;
  if (f.datasets.length > 0) ledger.data = f.datasets.map((d) => ({ path: d.path, role: d.role, sha256: d.sha256 }));
  if (f.deprecation) ledger.deprecated = f.deprecation.reason || true;
  out.model_ledger = ledger;
  return out;
}

/**
 * model-index results (the Papers with Code spec the Hub reads): the metrics at registration, then
 * one result per evaluation run. The task type is not known to Model Ledger: `other`.
 */
function modelIndexResults(f: CardFacts): unknown[] {
  const results: unknown[] = [];
  const evaluationData = f.datasets.filter((d) => d.role === 'evaluation').map((d) => d.path);
  const finite = Object.keys(f.metrics).sort().filter((k) => Number.isFinite(f.metrics[k]));
  if (finite.length > 0) {
    results.push({
      task: { type: 'other', name: 'Metrics at registration' },
      dataset: evaluationData.length > 0 ? { type: evaluationData[0], name: evaluationData.join(', ') } : { type: 'unknown', name: 'not recorded' },
      metrics: finite.map((k) => ({ type: k, value: f.metrics[k], name: k })),
    });
  }
  for (const e of f.evaluations) {
    const metrics = e.metrics.filter((m) => Number.isFinite(m.value)).map((m) => ({ type: m.key, value: m.value, name: m.key }));
    if (metrics.length === 0) continue;
    const data = e.data.map((d) => d.path);
    results.push({
      task: { type: 'other', name: `Evaluation run ${e.runName ?? e.runId}` },
      dataset: data.length > 0 ? { type: data[0], name: data.join(', ') } : { type: 'unknown', name: 'not recorded' },
      metrics,
    });
  }
  return results;
}
