import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import type { RegistryFeature } from '../registry/registryFeature';
import type { ModelsTreeProvider } from '../views/modelsTree';
import type { WorkspaceStores } from '../workspaceStores';
import { compareWithProductionCommand } from './compareWithProductionCommand';
import { HealthAlerts } from './healthAlerts';
import { NO_HEALTH_INPUTS, type HealthInputs } from './healthInputs';
import { InputsHealthSource } from './healthSource';
import { retrainFromVersionCommand, type RetrainContext } from './retrainCommand';

export interface HealthFeatureOptions {
  stores: WorkspaceStores;
  models: ModelsTreeProvider;
  registry: RegistryFeature;
  /** Workspace state: which alerts were shown. */
  state: vscode.Memento;
}

/**
 * Versions' health in the Models view, the alert when a watched stage turns unhealthy, "Retrain
 * from Version…" and "Compare with Production". Monitoring and evaluations feed it through
 * {@link connect}; until then nothing is watched and the view shows no health.
 */
export class HealthFeature extends Disposable {
  private inputs: HealthInputs = NO_HEALTH_INPUTS;
  private inputsListener: vscode.Disposable | undefined;
  readonly source = new InputsHealthSource(() => this.inputs);
  readonly alerts: HealthAlerts;

  constructor(private readonly options: HealthFeatureOptions) {
    super();
    const { registries, feedback } = options.registry;
    this.alerts = this.register(new HealthAlerts({ stores: options.stores, source: this.source, inputs: () => this.inputs, state: options.state, feedback }));
    options.models.useHealth(this.source);
    this.register(options.stores.onDidChange(() => this.alerts.update()));
    this.register({ dispose: () => this.inputsListener?.dispose() });
    const ctx: RetrainContext = { registries, feedback, inputs: () => this.inputs };
    const commands: Record<string, (arg: unknown) => Promise<unknown>> = {
      'modelLedger.retrainFromVersion': (arg) => retrainFromVersionCommand(ctx, arg),
      'modelLedger.compareWithProduction': (arg) => compareWithProductionCommand(ctx, arg),
    };
    for (const [id, run] of Object.entries(commands)) {
      this.register(
        vscode.commands.registerCommand(id, async (arg: unknown) => {
          try {
            return await run(arg);
          } catch (error) {
            feedback.error(error);
            return undefined;
          }
        }),
      );
    }
  }

  /** Reads health from `inputs` from now on: the view redraws and alerts are raised. */
  connect(inputs: HealthInputs): void {
    this.inputsListener?.dispose();
    this.inputs = inputs;
    this.inputsListener = inputs.onDidChange(() => this.changed());
    this.changed();
  }

  private changed(): void {
    this.options.models.refresh();
    this.alerts.update();
  }
}
