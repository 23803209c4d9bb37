import type { CardState } from './cardState';
import type { Review } from './review';

/**
 * What a gate knows about a promotion, gathered by the registry before the rules run. A fact a
 * rule of the stage does not need is left undefined (not gathered: reading reviews or hashing an
 * artifact costs time).
 */
export interface GateFacts {
  model: string;
  version: string;
  stage: string;
  registration: {
    /** The registration tag's object id (reviews are bound to it); null for a version with no tag of its own. */
    tagObject: string | null;
    at: number;
    /** The tagger of the registration: "Name <email>". */
    author: string | null;
    /** null when the registration carries no Model Ledger metadata (written by gto or by hand). */
    dirty: boolean | null;
    metrics: Readonly<Record<string, number>>;
    /** The training data's paths and hashes, to tell an evaluation on other data. */
    trainingData: readonly { path: string; sha256: string | null }[];
  };
  /** The stages the version holds now (before this change), and every stage it was ever assigned to before it. */
  stagesHeld: { now: readonly string[]; ever: readonly string[] };
  /** The change is a rollback (the stage's previous holder put back): exempt from `from` when the version held the stage before. */
  rollback?: boolean;
  /** Checked in an untrusted workspace: reviews and signatures were not read, and their rules fail as not checked. */
  untrusted?: boolean;
  /** The version in the target stage now (for a check of an existing stage tag: just before it), with its registered metrics; null when the stage is empty. */
  current: { version: string; metrics: Readonly<Record<string, number>> } | null;
  artifact?: ArtifactFact;
  evaluations?: readonly EvaluationFact[];
  /** The latest drift check of the stage's data; null when none was kept. */
  drift?: DriftFact | null;
  card?: CardState;
  reviews?: { reviews: readonly Review[]; problems: readonly string[] };
  signing?: SigningFact;
}

export type ArtifactFact =
  | { state: 'ok' | 'modified' | 'missing'; path: string }
  | { state: 'unrecorded' };

export interface EvaluationFact {
  runId: string;
  runName: string;
  /** The run's start time (ms); null when unknown. */
  at: number | null;
  data: readonly { path: string; sha256: string | null }[];
  /** The run's last value of each metric. */
  metrics: Readonly<Record<string, number>>;
}

export interface DriftFact {
  checkedAt: number;
  batchPath: string;
  driftShare: number;
  datasetDrift: boolean;
}

/**
 * For `signed`: before a write, whether git is set up to sign a tag; for a check of a stage tag
 * that exists, whether its signature verifies.
 */
export type SigningFact =
  | { kind: 'configured'; ok: boolean; detail: string }
  | { kind: 'verified'; tag: string; ok: boolean; detail: string };
