import type { StageEvent } from './types';

/**
 * Which version holds each stage, resolved as GTO does: per stage, the versions whose latest
 * event for that stage is an assignment are candidates, and the latest assignment wins.
 * Events must be in the order they happened (ties keep their given order).
 */
export function currentStages(events: readonly StageEvent[]): Map<string, string> {
  const latestByVersionStage = new Map<string, StageEvent>();
  for (const event of events) {
    latestByVersionStage.set(`${event.stage}\u0000${event.version}`, event);
  }
  const holder = new Map<string, StageEvent>();
  for (const event of latestByVersionStage.values()) {
    if (event.action !== 'assign') continue;
    const current = holder.get(event.stage);
    if (!current || current.at <= event.at) holder.set(event.stage, event);
  }
  return new Map([...holder].map(([stage, event]) => [stage, event.version]));
}

/** Stages held by each version, the inverse of {@link currentStages}. */
export function stagesByVersion(events: readonly StageEvent[]): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const [stage, version] of currentStages(events)) {
    result.set(version, [...(result.get(version) ?? []), stage].sort());
  }
  return result;
}
