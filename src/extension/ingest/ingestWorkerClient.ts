import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { Diagnostic } from '../../ingest/diagnostics';
import type { SourceRef } from '../../ingest/sources';
import type { ImportSummary } from '../../ingest/types';
import type { FromIngestWorker, ImportRequest } from '../../ingest/worker/messages';

export interface ImportCallbacks {
  onDiscovered?(sources: SourceRef[]): void;
  onProgress?(source: string, done: number, total: number | null): void;
  onDiagnostic?(diagnostic: Diagnostic): void;
  /**
   * Someone waits for this import (the user's, or a folder's first): views read again as soon as it
   * ends. A live re-read does not set it, so its end settles with the watcher's echo of its commits.
   */
  awaited?: boolean;
}

interface Pending extends ImportCallbacks {
  resolve(summaries: ImportSummary[]): void;
  reject(error: Error): void;
}

/** Runs imports in a worker thread (started on first use), so the extension host never blocks on them. */
export class IngestWorkerClient implements vscode.Disposable {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /**
   * `onWrite` runs whenever the worker may have written a store (it writes through a connection of
   * its own, which file watchers can miss); `done` when an awaited request has ended and written all it will.
   */
  constructor(
    private readonly extensionPath: string,
    private readonly onWrite: (done: boolean) => void = () => undefined,
  ) {}

  import(workspace: string, sources: ImportRequest['sources'], callbacks: ImportCallbacks = {}): Promise<ImportSummary[]> {
    return this.send({ workspace, sources }, callbacks);
  }

  /** Finds the run sources in a folder (the workspace, or a folder in it) without importing them. */
  async discover(workspace: string, onDiagnostic?: ImportCallbacks['onDiagnostic']): Promise<SourceRef[]> {
    let found: SourceRef[] = [];
    await this.send({ workspace, sources: 'discover', discoverOnly: true }, { onDiscovered: (sources) => (found = sources), onDiagnostic });
    return found;
  }

  private send(request: Omit<ImportRequest, 'type' | 'id'>, callbacks: ImportCallbacks): Promise<ImportSummary[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { ...callbacks, resolve, reject });
      this.ensureWorker().postMessage({ type: 'import', id, ...request } satisfies ImportRequest);
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
    this.failAll(new Error('Model Ledger is shutting down'));
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(path.join(this.extensionPath, 'dist', 'ingestWorker.js'));
    worker.on('message', (message: FromIngestWorker) => this.receive(message));
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new Error('the import worker stopped'));
    });
    this.worker = worker;
    return worker;
  }

  private receive(message: FromIngestWorker): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    switch (message.type) {
      case 'discovered':
        pending.onDiscovered?.(message.sources);
        return;
      case 'progress':
        this.onWrite(false);
        pending.onProgress?.(message.source, message.done, message.total);
        return;
      case 'diagnostic':
        pending.onDiagnostic?.(message.diagnostic);
        return;
      case 'done':
        this.pending.delete(message.id);
        this.onWrite(pending.awaited === true);
        pending.resolve(message.summaries);
        return;
      case 'failed':
        this.pending.delete(message.id);
        this.onWrite(pending.awaited === true); // the runs read before the failure are written
        pending.reject(new Error(message.message));
        return;
      default: {
        const unknown: never = message;
        return unknown;
      }
    }
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
