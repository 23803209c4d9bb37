import type { Review } from '../governance/review';
import type { ResolvedEvent } from '../registryState';
import type { AuditEntry } from '../types';

/**
 * One row of the History view: a registry tag event, a review in git, a store audit entry, or a
 * tag or review with the audit entry that records writing it (Model Ledger writes both together).
 */
export interface TimelineEvent {
  /** Sorts and identifies the row: `tag:<name>` for a tag, `review:<ref>` for a review (each with or without its entry), `audit:<id>` for an entry alone. */
  key: string;
  at: number;
  actor: string | null;
  /** The tag's action (register, assign, …) or the entry's (stage.assign, run.rename, …) when there is no tag. */
  action: string;
  /** What the event is about: the tag's name, or the audit entry's target (a run id, `churn#prod`…). */
  target: string;
  model: string | null;
  version: string | null;
  stage: string | null;
  /** The registry tag, when the event is one (a teammate's tag fetched from a remote has no audit entry here). */
  tag: string | null;
  commit: string | null;
  /** The gate's outcome (pass, fail, override, none) recorded in the stage tag's metadata, when the tag carries one. */
  gate: string | null;
  /** The audit entry's id, when the store recorded the event. */
  auditId: number | null;
  /** What the entry says changed (before → after), or the tag message's first line. */
  detail: string;
}

export interface TimelineFilter {
  model?: string;
  stage?: string;
  /** Part of the actor's "Name <email>", any case. */
  actor?: string;
  /** Inclusive bounds in ms since the epoch. */
  from?: number;
  to?: number;
}

/**
 * Registry events, reviews and audit entries as one timeline, newest first. Reviews come from git,
 * so a teammate's fetched approval is in it as well as one written here.
 */
export function mergeTimeline(tags: readonly ResolvedEvent[], audit: readonly AuditEntry[], reviews: readonly Review[] = []): TimelineEvent[] {
  const entryOf = new Map<string, AuditEntry>();
  for (const entry of audit) {
    const written = writtenBy(entry);
    if (written !== null) entryOf.set(written, entry);
  }
  const paired = new Set<number>();
  const pair = (key: string) => {
    const entry = entryOf.get(key);
    if (entry) paired.add(entry.id);
    return entry;
  };
  const events: TimelineEvent[] = tags.map((e) => {
    const entry = pair(`tag:${e.tag}`);
    return {
      key: `tag:${e.tag}`,
      at: e.at,
      actor: e.actor,
      action: e.action,
      target: e.tag,
      model: e.model,
      version: e.version,
      stage: e.stage,
      tag: e.tag,
      commit: e.commit,
      gate: e.metadata?.gate?.outcome ?? null,
      auditId: entry?.id ?? null,
      detail: entry ? auditChangeText(entry) : e.subject,
    };
  });
  for (const review of reviews) {
    const entry = pair(`review:${review.ref}`);
    events.push({
      key: `review:${review.ref}`,
      at: review.at,
      actor: `${review.reviewer.name} <${review.reviewer.email}>`,
      action: `review.${review.decision}`,
      target: `${review.model}@${review.version}#${review.stage}`,
      model: review.model,
      version: review.version,
      stage: review.stage,
      tag: null,
      commit: null,
      gate: null,
      auditId: entry?.id ?? null,
      detail: review.comment === '' ? review.ref : review.comment,
    });
  }
  for (const entry of audit) if (!paired.has(entry.id)) events.push(auditEvent(entry));
  return events.sort((a, b) => b.at - a.at || b.key.localeCompare(a.key));
}

export function filterTimeline(events: readonly TimelineEvent[], filter: TimelineFilter): TimelineEvent[] {
  const actor = filter.actor?.toLowerCase();
  return events.filter(
    (e) =>
      (filter.model === undefined || e.model === filter.model) &&
      (filter.stage === undefined || e.stage === filter.stage) &&
      (actor === undefined || (e.actor ?? '').toLowerCase().includes(actor)) &&
      (filter.from === undefined || e.at >= filter.from) &&
      (filter.to === undefined || e.at <= filter.to),
  );
}

/** The values each filter can take in these events, sorted: what the view offers to pick from. */
export function filterChoices(events: readonly TimelineEvent[]): { models: string[]; stages: string[]; actors: string[] } {
  const distinct = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))].sort();
  return { models: distinct(events.map((e) => e.model)), stages: distinct(events.map((e) => e.stage)), actors: distinct(events.map((e) => e.actor)) };
}

/** An audit entry alone: a registry target ("churn@v1", "churn#prod", "churn", a review's "churn@v1#prod") names its model, version or stage. */
export function auditEvent(entry: AuditEntry): TimelineEvent {
  const registry = /^(version|stage|model|review)\./.test(entry.action);
  const target = registry ? /^([^@#]+)(?:@([^#]+))?(?:#(.+))?$/.exec(entry.target) : null;
  return {
    key: `audit:${entry.id}`,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    model: target?.[1] ?? null,
    version: target?.[2] ?? versionField(entry.after) ?? null,
    stage: target?.[3] ?? null,
    tag: null,
    commit: null,
    gate: null,
    auditId: entry.id,
    detail: auditChangeText(entry),
  };
}

/** The registry tag (`tag:<name>`) or review (`review:<ref>`) an entry records writing: registry writes put it in `after`. */
function writtenBy(entry: AuditEntry): string | null {
  const tag = field(entry.after, 'tag');
  if (typeof tag === 'string') return `tag:${tag}`;
  const ref = field(entry.after, 'ref');
  return entry.action.startsWith('review.') && typeof ref === 'string' ? `review:${ref}` : null;
}

/** The version an entry's after value names: the new holder of a stage, or the version an unassignment took out. */
function versionField(value: unknown): string | undefined {
  const version = field(value, 'version') ?? field(value, 'unassigned');
  return typeof version === 'string' ? version : undefined;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

/** What an entry says changed: its after value, or before → after. */
export function auditChangeText(entry: AuditEntry): string {
  const text = (value: unknown) => (value === null || value === undefined ? '∅' : JSON.stringify(value));
  return entry.before === null ? text(entry.after) : `${text(entry.before)} → ${text(entry.after)}`;
}
