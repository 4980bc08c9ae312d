/**
 * The caller's side of the engine worker: one lazily started worker, typed requests matched to replies by
 * id, and a fresh worker on the next call after a crash. A cancelled request is rejected at once; the
 * worker stops it at its next checkpoint (never by terminating the thread: that aborts the process when
 * it happens inside onnxruntime's native code).
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ExplainError, deserializeError } from '../errors';
import type { DatasetItem, ExplainRequest, ExplainResult, ExportRequest, ExportResult, FolderProgress, FolderRequest, FolderSummary, FromWorker, ModelInfo, ModelReport, ModelSource, ModelStructure, PresetTable, ReportOptions, SprayClass, SprayOptions, ToWorker, WorkerData, WorkerTrace } from '../protocol';

type Body<T extends ToWorker['type']> = Omit<Extract<ToWorker, { type: T }>, 'id'>;

interface Pending {
  resolve(msg: FromWorker): void;
  reject(err: ExplainError): void;
  onProgress?: (fraction: number, message: string) => void;
  onFolderProgress?: (progress: FolderProgress) => void;
}

export interface RequestOptions {
  onProgress?: (fraction: number, message: string) => void;
  signal?: AbortSignal;
  /** When the worker took the request up and finished it (explain only). */
  onTrace?: (trace: WorkerTrace) => void;
  /** explainFolder: after every batch, with the images it finished. */
  onFolderProgress?: (progress: FolderProgress) => void;
}

/** The compiled worker beside this file (tsc output); bundles pass their own path. */
export function defaultWorkerPath(): string {
  return join(__dirname, 'engineWorker.js');
}

export class EngineClient {
  private worker?: Worker;
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private cancelFlag = new Int32Array(new SharedArrayBuffer(4));

  constructor(private readonly options: { workerPath: string; resourceLimits?: { maxOldGenerationSizeMb?: number } }) {}

  async explain(request: ExplainRequest, opts: RequestOptions = {}): Promise<ExplainResult> {
    const reply = (await this.request({ type: 'explain', request }, opts)) as Extract<FromWorker, { type: 'explained' }>;
    opts.onTrace?.(reply.trace);
    return reply.result;
  }

  /** Every image of a folder explained into a results folder (src/dataset/runFolder); resumable, cancellable by `signal`. */
  async explainFolder(request: FolderRequest, opts: RequestOptions = {}): Promise<FolderSummary> {
    const reply = await this.request({ type: 'explainFolder', request }, opts);
    return (reply as Extract<FromWorker, { type: 'folderExplained' }>).summary;
  }

  /** Results folders (shards) merged, and every class explained clustered by SpRAy. */
  async clusterFolder(outs: string[], options: SprayOptions = {}, opts: RequestOptions = {}): Promise<{ items: DatasetItem[]; classes: SprayClass[] }> {
    const reply = (await this.request({ type: 'clusterFolder', outs, options }, opts)) as Extract<FromWorker, { type: 'folderClustered' }>;
    return { items: reply.items, classes: reply.classes };
  }

  /** report.html and results.csv of results folders, written into `into`; their paths. */
  async writeDatasetReport(outs: string[], into: string, options: ReportOptions = {}, opts: RequestOptions = {}): Promise<{ html: string; csv: string }> {
    const reply = (await this.request({ type: 'writeDatasetReport', outs, into, options }, opts)) as Extract<FromWorker, { type: 'datasetReportWritten' }>;
    return { html: reply.html, csv: reply.csv };
  }

  async inspect(model: ModelSource, opts: RequestOptions = {}): Promise<ModelInfo> {
    const reply = await this.request({ type: 'inspect', model }, opts);
    return (reply as Extract<FromWorker, { type: 'inspected' }>).info;
  }

  /** The model described for `explain inspect`. */
  async report(model: ModelSource, opts: RequestOptions = {}): Promise<ModelReport> {
    const reply = await this.request({ type: 'report', model }, opts);
    return (reply as Extract<FromWorker, { type: 'reported' }>).report;
  }

  /** The model file described without decoding its weights (the model inspector's summary and graph). */
  async structure(path: string, opts: RequestOptions = {}): Promise<ModelStructure> {
    const reply = await this.request({ type: 'structure', path }, opts);
    return (reply as Extract<FromWorker, { type: 'structured' }>).structure;
  }

  /** Every preset that can feed the model, tried on an image. */
  async suggestPresets(model: ModelSource, imagePath: string, opts: RequestOptions = {}): Promise<PresetTable> {
    const reply = await this.request({ type: 'suggestPresets', model, imagePath }, opts);
    return (reply as Extract<FromWorker, { type: 'presetsSuggested' }>).table;
  }

  /** The method's explanation written as a standalone ONNX file. */
  async exportExplained(request: ExportRequest, opts: RequestOptions = {}): Promise<ExportResult> {
    const reply = await this.request({ type: 'export', request }, opts);
    return (reply as Extract<FromWorker, { type: 'exported' }>).result;
  }

  async clearCache(): Promise<void> {
    await this.request({ type: 'clearCache' }, {});
  }

  /**
   * Stops the worker once it is idle: pending requests are cancelled, and a last request queued behind
   * them is answered only when the engine has left onnxruntime's native code, which is when terminating
   * the thread is safe.
   */
  async dispose(): Promise<void> {
    const w = this.worker;
    if (!w) return;
    for (const id of [...this.pending.keys()]) {
      Atomics.store(this.cancelFlag, 0, id);
      w.postMessage({ id: this.nextId++, type: 'cancel', target: id } satisfies ToWorker);
    }
    this.failAll(new ExplainError('CANCELLED', 'The engine was shut down.'));
    const idle = this.request({ type: 'clearCache' }, {}).catch(() => undefined);
    await Promise.race([idle, new Promise((r) => setTimeout(r, 10_000).unref())]);
    this.worker = undefined;
    await w.terminate();
  }

  private request(body: Body<'explain'> | Body<'inspect'> | Body<'report'> | Body<'structure'> | Body<'suggestPresets'> | Body<'explainFolder'> | Body<'clusterFolder'> | Body<'writeDatasetReport'> | Body<'clearCache'> | Body<'export'>, opts: RequestOptions): Promise<FromWorker> {
    if (opts.signal?.aborted) return Promise.reject(new ExplainError('CANCELLED', 'Cancelled.'));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<FromWorker>((resolve, reject) => {
      const onAbort = () => {
        Atomics.store(this.cancelFlag, 0, id);
        worker.postMessage({ id: this.nextId++, type: 'cancel', target: id } satisfies ToWorker);
        const p = this.pending.get(id);
        this.pending.delete(id);
        p?.reject(new ExplainError('CANCELLED', 'Cancelled.'));
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => {
        opts.signal?.removeEventListener('abort', onAbort);
        // An idle worker must not keep a CLI process alive; a busy one must.
        if (this.pending.size === 0) worker.unref();
      };
      worker.ref();
      this.pending.set(id, {
        resolve: (m) => (done(), resolve(m)),
        reject: (e) => (done(), reject(e)),
        onProgress: opts.onProgress,
        onFolderProgress: opts.onFolderProgress,
      });
      worker.postMessage({ id, ...body } as ToWorker);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const data: WorkerData = { cancelFlag: this.cancelFlag.buffer as SharedArrayBuffer };
    const w = new Worker(this.options.workerPath, { resourceLimits: this.options.resourceLimits, workerData: data });
    w.on('message', (msg: FromWorker) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      if (msg.type === 'progress') {
        p.onProgress?.(msg.fraction, msg.message);
        return;
      }
      if (msg.type === 'folderProgress') {
        p.onFolderProgress?.(msg.progress);
        return;
      }
      this.pending.delete(msg.id);
      if (msg.type === 'error') p.reject(deserializeError(msg.error));
      else p.resolve(msg);
    });
    const died = (why: string) => {
      if (this.worker !== w) return;
      this.worker = undefined;
      this.failAll(new ExplainError('WORKER_DIED', `The engine stopped unexpectedly (${why}); it restarts on the next request.`));
    };
    w.on('error', (e) => died(e.message));
    w.on('exit', (code) => died(`exit code ${code}`));
    w.unref();
    this.worker = w;
    return w;
  }

  private failAll(err: ExplainError): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(err);
  }
}
