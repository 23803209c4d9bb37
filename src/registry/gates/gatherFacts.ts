import type { GateFacts, SigningFact } from '../../core/governance/gateFacts';
import { neededFacts } from '../../core/governance/evaluateGate';
import type { StageRules } from '../../core/governance/policy';
import type { ModelState, VersionState } from '../../core/registryState';
import { verifyTagObject } from '../../git/reviewRefs';
import { signingSetup } from '../../git/signing';
import { artifactStatus } from '../artifactStatus';
import { readCardState } from '../cards';
import type { RegistryContext } from '../context';
import { readReviews, type ReviewsRead } from '../reviews';

export interface GateSubject {
  state: ModelState;
  version: VersionState;
  stage: string;
  /** A stage tag that exists already (`model-ledger check` of a version in the stage): its signature is verified, not the set-up. */
  existingTag: string | null;
  /** A rollback: `from` does not apply when it puts the version back in a stage it held. */
  rollback?: boolean;
  /** An untrusted workspace: reviews and signatures are not read (verifying runs git's gpg.program). */
  untrusted?: boolean;
}

/** Facts read before the registry is scanned (they do not depend on it); each promise is handled, so a scan that fails leaves no rejection unhandled. */
export interface EarlyFacts {
  reviews?: Promise<ReviewsRead>;
  signingSetup?: Promise<{ ok: boolean; detail: string }>;
}

export function startEarlyFacts(ctx: RegistryContext, model: string, rules: StageRules): EarlyFacts {
  const needed = neededFacts(rules);
  const early: EarlyFacts = {};
  if (needed.reviews) early.reviews = handled(readReviews(ctx.repo, model));
  if (needed.signing) early.signingSetup = handled(signingSetup(ctx.repo));
  return early;
}

function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined); // awaited later, where a failure is reported
  return promise;
}

/** What the rules of a stage need to know about a promotion, read from the index, the store, git and the working tree. */
export async function gatherFacts(ctx: RegistryContext, subject: GateSubject, rules: StageRules | null, early: EarlyFacts = {}): Promise<GateFacts> {
  const { state, version: v, stage } = subject;
  const metadata = v.metadata;
  const holder = state.stages.find((s) => s.stage === stage) ?? null;
  const holderMetrics = holder === null ? null : (state.versions.find((x) => x.version === holder.version)?.metadata?.metrics ?? {});
  const objects = v.tag === null ? null : ctx.index.knownObjects();
  const facts: GateFacts = {
    model: state.name,
    version: v.version,
    stage,
    registration: {
      tagObject: v.tag === null ? null : (objects?.get(v.tag) ?? null),
      at: v.createdAt,
      author: v.createdBy,
      dirty: metadata === null ? null : metadata.dirty,
      metrics: metadata?.metrics ?? {},
      trainingData: ctx.store.lineage.datasets({ model: state.name, version: v.version, runId: metadata?.run ?? null }).filter((d) => d.role === 'training'),
    },
    stagesHeld: {
      now: v.stages,
      ever: [...new Set(state.events.filter((e) => e.action === 'assign' && e.version === v.version && e.stage !== null).map((e) => e.stage!))],
    },
    current: holder === null ? null : { version: holder.version, metrics: holderMetrics ?? {} },
    rollback: subject.rollback === true,
    untrusted: subject.untrusted === true,
  };
  if (rules === null) return facts;
  const needed = neededFacts(rules);
  const work: Promise<void>[] = [];
  if (needed.artifact) {
    const artifact = metadata?.artifact;
    if (artifact?.sha256) {
      const recorded = { ...artifact, sha256: artifact.sha256 };
      work.push(artifactStatus(ctx.repo.root, recorded).then((state) => void (facts.artifact = { state, path: artifact.path })));
    } else facts.artifact = { state: 'unrecorded' };
  }
  if (needed.evaluations) {
    facts.evaluations = ctx.store.lineage.evaluations({ model: state.name, version: v.version, metrics: metadata?.metrics ?? {} }).map((e) => ({
      runId: e.run.id,
      runName: e.run.name,
      at: e.run.startTime,
      data: e.inputs.map((i) => ({ path: i.path, sha256: i.sha256 })),
      metrics: Object.fromEntries([...ctx.store.metrics.summaries(e.run.id)].map(([key, s]) => [key, s.last])),
    }));
  }
  if (needed.drift) {
    const check = ctx.store.driftChecks.latest(state.name, stage);
    facts.drift = check === undefined ? null : { checkedAt: check.checkedAt, batchPath: check.batchPath, driftShare: check.driftShare, datasetDrift: check.datasetDrift };
  }
  if (needed.card) facts.card = readCardState(ctx.repo.root, state.name, v.version);
  if (needed.reviews && !subject.untrusted) work.push((early.reviews ?? readReviews(ctx.repo, state.name)).then((read) => void (facts.reviews = read)));
  if (needed.signing && !subject.untrusted) work.push(signingFact(ctx, subject.existingTag, early.signingSetup).then((fact) => void (facts.signing = fact)));
  await Promise.all(work);
  return facts;
}

async function signingFact(ctx: RegistryContext, existingTag: string | null, setup: Promise<{ ok: boolean; detail: string }> | undefined): Promise<SigningFact> {
  if (existingTag === null) return { kind: 'configured', ...(await (setup ?? signingSetup(ctx.repo))) };
  const object = ctx.index.knownObjects().get(existingTag);
  if (object === undefined) return { kind: 'verified', tag: existingTag, ok: false, detail: `${existingTag} is not in the index` };
  const verification = await verifyTagObject(ctx.repo, object);
  return {
    kind: 'verified',
    tag: existingTag,
    ok: verification.valid,
    detail: verification.valid ? `${existingTag} is signed by ${verification.signer}, and git verify-tag passes` : `${existingTag} does not verify: ${verification.detail || 'it is not signed'}`,
  };
}
