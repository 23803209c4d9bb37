import type { TagAction } from './gto';
import { compareVersionText, isVersion } from './semver';
import type { TagMetadata } from './tagMessage';

/**
 * The registry as GTO derives it from tags (gto/base.py), as pure functions over tag events:
 *
 * - Versions come from register and deregister tags; a version is active while its latest such
 *   event is a registration.
 * - A stage tag points at a commit; its version is the one registered at that commit (if none
 *   is, GTO names an unregistered version after the commit, and so do we).
 * - Per (version, stage) the latest event decides whether the version is in the stage; per
 *   stage, of the active versions in it, the one assigned last holds it.
 * - A model is deprecated while its latest event is a deprecation.
 *
 * "Latest" is by tag time (seconds). Within one second, tags with a `#N` counter follow their
 * counter, which GTO makes one more than the model's largest: a rollback a second after a
 * promotion still reads as later. Then GTO's event priority, then the tag name.
 */

export interface RegistryEvent {
  /** The tag name; unique. */
  tag: string;
  action: TagAction;
  model: string;
  /** From the tag name on register and deregister tags; null on the others until resolved. */
  version: string | null;
  stage: string | null;
  counter: number | null;
  /** The commit the tag points at. */
  commit: string;
  /** Tag time, in ms since the epoch. */
  at: number;
  /** The tagger, "Name <email>". */
  actor: string | null;
  /** The first line of the tag message. */
  subject: string;
  metadata: TagMetadata | null;
}

/** An event with its version resolved (stage tags included); null only on model-level events. */
export type ResolvedEvent = RegistryEvent & { version: string | null };

export interface VersionState {
  version: string;
  commit: string;
  /** Registered by a tag; false for a version GTO makes up for a stage tag on an unregistered commit. */
  registered: boolean;
  /** False once deregistered. */
  active: boolean;
  createdAt: number;
  createdBy: string | null;
  /** The registration's metadata (run, artifact, metrics, description, dirty), when Model Ledger wrote it. */
  metadata: TagMetadata | null;
  /** The registration tag, when there is one. */
  tag: string | null;
  /** The stages this version holds now, sorted. */
  stages: string[];
  /**
   * The stages this version is assigned to (its latest tag for the stage is an assignment), sorted:
   * its held stages, and any another version took over later without unassigning it.
   */
  assigned: string[];
}

export interface StageHolder {
  stage: string;
  version: string;
  /** When the winning assignment was made, and by whom. */
  since: number;
  actor: string | null;
}

export interface ModelState {
  name: string;
  deprecated: boolean;
  createdAt: number;
  /** Greatest version first (semver), then versions named after commits. */
  versions: VersionState[];
  /** Sorted by stage name. */
  stages: StageHolder[];
  /** Every event, oldest first, stage tags with their versions. */
  events: ResolvedEvent[];
}

const PRIORITY: Record<TagAction, number> = { create: 1, deprecate: 2, register: 3, deregister: 4, assign: 5, unassign: 6 };

/** The order events happened in: tag time, then counter, then GTO's priority, then name. */
export function compareEvents(a: RegistryEvent, b: RegistryEvent): number {
  return a.at - b.at || (a.counter ?? -1) - (b.counter ?? -1) || PRIORITY[a.action] - PRIORITY[b.action] || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0);
}

function isStageEvent(e: RegistryEvent): boolean {
  return e.action === 'assign' || e.action === 'unassign';
}

interface VersionBuild {
  version: string;
  commit: string;
  registered: boolean;
  registration: RegistryEvent | null;
  first: RegistryEvent;
  lastDirect: RegistryEvent | null;
  /** Per stage, the latest event and its position in the order. */
  stages: Map<string, { event: RegistryEvent; index: number }>;
}

/** Resolves one model from its events (any order). */
export function resolveModel(name: string, events: readonly RegistryEvent[]): ModelState {
  const sorted = [...events].filter((e) => e.model === name).sort(compareEvents);
  const versions = new Map<string, VersionBuild>();
  const build = (version: string, commit: string, first: RegistryEvent): VersionBuild => {
    let v = versions.get(version);
    if (!v) {
      v = { version, commit, registered: false, registration: null, first, lastDirect: null, stages: new Map() };
      versions.set(version, v);
    }
    return v;
  };
  // Versions first, from every register and deregister tag, as GTO's version manager runs before
  // its stage manager: a stage tag then finds a version registered at its commit at any time.
  for (const e of sorted) {
    if (e.action !== 'register' && e.action !== 'deregister') continue;
    const v = build(e.version!, e.commit, e);
    if (e.action === 'register' && !v.registered) {
      v.registered = true;
      v.registration = e;
    }
    v.lastDirect = e;
  }
  const resolved: ResolvedEvent[] = [];
  sorted.forEach((e, index) => {
    if (!isStageEvent(e)) {
      resolved.push(e);
      return;
    }
    const v = versionAtCommit(versions, e) ?? build(e.commit, e.commit, e);
    v.stages.set(e.stage!, { event: e, index });
    resolved.push({ ...e, version: v.version });
  });

  const holders = new Map<string, { version: VersionBuild; event: RegistryEvent; index: number }>();
  for (const v of versions.values()) {
    if (!isActive(v)) continue;
    for (const [stage, latest] of v.stages) {
      if (latest.event.action !== 'assign') continue;
      const current = holders.get(stage);
      if (!current || current.index < latest.index) holders.set(stage, { version: v, event: latest.event, index: latest.index });
    }
  }
  const stagesOf = new Map<string, string[]>();
  for (const [stage, h] of holders) stagesOf.set(h.version.version, [...(stagesOf.get(h.version.version) ?? []), stage].sort());

  const versionStates = [...versions.values()].map((v): VersionState => {
    const created = v.registration ?? v.first;
    return {
      version: v.version,
      commit: v.commit,
      registered: v.registered,
      active: isActive(v),
      createdAt: created.at,
      createdBy: created.actor,
      metadata: v.registration?.metadata ?? null,
      tag: v.registration?.tag ?? null,
      stages: stagesOf.get(v.version) ?? [],
      assigned: [...v.stages].filter(([, latest]) => latest.event.action === 'assign').map(([stage]) => stage).sort(),
    };
  });
  versionStates.sort(compareVersionStates);
  return {
    name,
    deprecated: sorted.length > 0 && sorted[sorted.length - 1]!.action === 'deprecate',
    createdAt: sorted[0]?.at ?? 0,
    versions: versionStates,
    stages: [...holders]
      .map(([stage, h]) => ({ stage, version: h.version.version, since: h.event.at, actor: h.event.actor }))
      .sort((a, b) => (a.stage < b.stage ? -1 : a.stage > b.stage ? 1 : 0)),
    events: resolved,
  };
}

/** The version a stage tag is for: the one registered at its commit (the tag's own hint decides between several). */
function versionAtCommit(versions: Map<string, VersionBuild>, e: RegistryEvent): VersionBuild | undefined {
  const atCommit = [...versions.values()].filter((v) => v.commit === e.commit);
  if (atCommit.length <= 1) return atCommit[0];
  const hinted = atCommit.find((v) => v.version === e.metadata?.version);
  if (hinted) return hinted;
  // GTO refuses to choose; the most recently registered is the likeliest meant.
  const registered = atCommit.filter((v) => v.registration !== null).sort((a, b) => compareEvents(b.registration!, a.registration!));
  return registered[0] ?? atCommit[0];
}

function isActive(v: VersionBuild): boolean {
  return v.lastDirect === null || v.lastDirect.action === 'register';
}

function compareVersionStates(a: VersionState, b: VersionState): number {
  const av = isVersion(a.version);
  const bv = isVersion(b.version);
  if (av && bv) return compareVersionText(b.version, a.version);
  if (av !== bv) return av ? -1 : 1;
  return b.createdAt - a.createdAt;
}

/** Every model in `events`, sorted by name. */
export function resolveRegistry(events: readonly RegistryEvent[]): ModelState[] {
  const byModel = new Map<string, RegistryEvent[]>();
  for (const e of events) byModel.set(e.model, [...(byModel.get(e.model) ?? []), e]);
  return [...byModel.keys()].sort().map((name) => resolveModel(name, byModel.get(name)!));
}

/** The version that held `stage` at time `at` (inclusive); null when none did. */
export function stageAt(name: string, events: readonly RegistryEvent[], stage: string, at: number): string | null {
  return resolveModel(name, events.filter((e) => e.at <= at)).stages.find((s) => s.stage === stage)?.version ?? null;
}

export interface HolderChange {
  at: number;
  /** The holder after the event; null when the stage became empty. */
  version: string | null;
  tag: string;
}

/** Who held `stage` after each event that changed it, oldest first. */
export function stageHolders(name: string, events: readonly RegistryEvent[], stage: string): HolderChange[] {
  const sorted = [...events].filter((e) => e.model === name).sort(compareEvents);
  const changes: HolderChange[] = [];
  let current: string | null = null;
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i]!;
    // Only these change a stage's holder: its own stage tags, and versions coming and going.
    if (e.stage !== stage && e.action !== 'register' && e.action !== 'deregister') continue;
    const holder = resolveModel(name, sorted.slice(0, i + 1)).stages.find((s) => s.stage === stage)?.version ?? null;
    if (holder !== current) changes.push({ at: e.at, version: holder, tag: e.tag });
    current = holder;
  }
  return changes;
}

/**
 * The version a rollback of `stage` puts back: the latest earlier holder that is not the current
 * one and is still an active version; null when there is none.
 */
export function rollbackTarget(state: ModelState, events: readonly RegistryEvent[], stage: string): string | null {
  const current = state.stages.find((s) => s.stage === stage)?.version ?? null;
  const active = new Set(state.versions.filter((v) => v.active).map((v) => v.version));
  const history = stageHolders(state.name, events, stage);
  for (let i = history.length - 1; i >= 0; i--) {
    const version = history[i]!.version;
    if (version !== null && version !== current && active.has(version)) return version;
  }
  return null;
}
