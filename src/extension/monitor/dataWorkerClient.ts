import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { DriftOptions } from '../../core/drift/options';
import type { DriftReport } from '../../core/drift/types';
import { UserError } from '../../core/errors';
import type { DataProfile } from '../../core/profile/types';
import type { DataReference } from '../../data/dataReference';
import type { SavedProfile } from '../../data/profileFiles';
import type { FromDataWorker, ToDataWorker } from '../../data/worker/messages';

type Request = ToDataWorker extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

interface Pending {
  resolve(message: FromDataWorker): void;
  reject(error: Error): void;
}

/**
 * Profiles and drift checks in a worker thread, started on first use. A problem with the data
 * comes back as a UserError (shown as it is); anything else as an Error (a bug, logged).
 */
export class DataWorkerClient implements vscode.Disposable {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly extensionPath: string) {}

  async checkDrift(workspace: string, reference: DataReference, current: DataReference, options: DriftOptions = {}): Promise<DriftReport> {
    const answer = await this.send({ type: 'drift', workspace, reference, current, options });
    if (answer.type !== 'report') throw new Error(`the data worker answered ${answer.type} to a drift check`);
    return answer.report;
  }

  async profile(workspace: string, file: string, label: string, save: boolean): Promise<{ profile: DataProfile; saved: SavedProfile | null }> {
    const answer = await this.send({ type: 'profile', workspace, file, label, save });
    if (answer.type !== 'profiled') throw new Error(`the data worker answered ${answer.type} to a profile request`);
    return answer;
  }

  private send(request: Request): Promise<FromDataWorker> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ensureWorker().postMessage({ ...request, id } as ToDataWorker);
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
    this.failAll(new Error('Model Ledger is shutting down'));
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(path.join(this.extensionPath, 'dist', 'dataWorker.js'));
    worker.on('message', (message: FromDataWorker) => this.receive(message));
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new Error('the data worker stopped'));
    });
    this.worker = worker;
    return worker;
  }

  private receive(message: FromDataWorker): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.type === 'failed') pending.reject(message.user ? new UserError(message.message) : new Error(message.message));
    else pending.resolve(message);
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
