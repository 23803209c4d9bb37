import { combineHealth, versionHealth } from '../../core/health/versionHealth';
import type { VersionHealth } from '../../core/health/types';
import type { ModelVersion } from '../../core/types';
import type { HealthInputs } from './healthInputs';

/** What the Models view asks of each version row. */
export interface HealthSource {
  /**
   * The version's health; undefined when nothing watches or evaluates it (its row stays as it
   * was: a workspace that does not monitor sees no health at all).
   */
  healthOf(folder: string, version: ModelVersion & { stages: readonly string[] }): VersionHealth | undefined;
}

/** The health rules of core/health over the inputs monitoring and evaluations give. */
export class InputsHealthSource implements HealthSource {
  constructor(private readonly inputs: () => HealthInputs) {}

  healthOf(folder: string, version: ModelVersion & { stages: readonly string[] }): VersionHealth | undefined {
    if (version.deregistered) return undefined;
    const inputs = this.inputs();
    const watched = new Set(inputs.watchedStages(folder).filter((w) => w.model === version.model).map((w) => w.stage));
    const stages = version.stages.filter((s) => watched.has(s));
    const evaluations = inputs.evaluations(folder, version.model, version.version);
    if (stages.length === 0 && evaluations.length === 0) return undefined;
    const margins = inputs.margins(folder, version.model);
    const per = (stages.length > 0 ? stages : [null]).map((stage) =>
      versionHealth({
        stage,
        latestCheck: stage === null ? null : (inputs.latestCheck(folder, version.model, stage) ?? null),
        importantColumns: stage === null ? [] : inputs.importantColumns(folder, version.model, stage),
        registeredMetrics: version.metrics,
        evaluations,
        margins,
      }),
    );
    return combineHealth(per);
  }
}
