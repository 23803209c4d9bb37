import type { CardFacts } from './cardFacts';
import { formatValue } from './cardSections';
import type { CardSection } from './cardText';

/** The Model Card Toolkit schema this writes (tensorflow/model-card-toolkit, schema/v0.0.2/model_card.schema.json). */
export const MCT_SCHEMA_VERSION = '0.0.2';

/**
 * A version's card as Model Card Toolkit JSON: the facts Model Ledger knows, plus what a person
 * wrote in the card's sections (`sections`, from the card on disk; empty when there is none) where
 * the toolkit has a field for it. `license` is the card's front matter license, when set.
 */
export function modelCardToolkitJson(facts: CardFacts, sections: readonly CardSection[], license: string | null): Record<string, unknown> {
  const written = (title: string): string | null => sections.find((s) => s.title.toLowerCase() === title.toLowerCase())?.personText || null;
  const details: Record<string, unknown> = {
    name: facts.model,
    version: { name: facts.version, date: new Date(facts.registeredAt).toISOString().slice(0, 10) },
  };
  const overview = facts.description ?? facts.modelDescription;
  if (overview) details.overview = overview;
  const documentation = [facts.modelDescription && facts.description ? facts.modelDescription : null, written('Model details')].filter(Boolean).join('\n\n');
  if (documentation) details.documentation = documentation;
  if (facts.registeredBy) details.owners = [{ name: facts.registeredBy }];
  if (license && license !== 'other') details.licenses = [{ identifier: license }];
  if (facts.artifact) details.path = facts.artifact.path;

  const performance = Object.keys(facts.metrics)
    .sort()
    .map((k) => ({ type: k, value: formatValue(facts.metrics[k]!), slice: 'at registration' }));
  for (const e of facts.evaluations) {
    for (const m of e.metrics) performance.push({ type: m.key, value: formatValue(m.value), slice: `evaluation run ${e.runName ?? e.runId}` });
  }

  const considerations: Record<string, unknown> = {};
  const intended = written('Intended use');
  if (intended) considerations.use_cases = [{ description: intended }];
  const caveats = written('Caveats and recommendations');
  if (caveats) considerations.limitations = [{ description: caveats }];
  const ethics = written('Ethical considerations');
  if (ethics) considerations.ethical_considerations = [{ name: ethics }];

  const json: Record<string, unknown> = {
    schema_version: MCT_SCHEMA_VERSION,
    model_details: details,
    model_parameters: {
      data: facts.datasets.map((d) => ({ name: d.path, description: `${d.role} data${d.sha256 ? `, sha256 ${d.sha256}` : ''}` })),
    },
    quantitative_analysis: { performance_metrics: performance },
  };
  if (Object.keys(considerations).length > 0) json.considerations = considerations;
  return json;
}
