/**
 * Exported explanations (src/export) written to a temporary folder and run in fresh onnxruntime-node sessions,
 * beside the engine that explains the same inputs: the export tests compare the two.
 */
import { after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { Engine } from '../../src/engine/engine';
import type { ExportRequest, ExportResult } from '../../src/protocol';

export type Feeds = Record<string, ort.Tensor>;

export function exportedModels(prefix: string): {
  engine: Engine;
  /** Writes the export (its `path` chosen here) and opens it in a session of its own. */
  open(req: Omit<ExportRequest, 'path'>): Promise<{ result: ExportResult; run(feeds: Feeds): Promise<Record<string, ort.Tensor>> }>;
} {
  const engine = new Engine();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const sessions: ort.InferenceSession[] = [];
  after(async () => {
    await Promise.all(sessions.map((s) => s.release()));
    await engine.clearCache();
    rmSync(dir, { recursive: true, force: true });
  });
  let count = 0;
  return {
    engine,
    async open(req) {
      const result = await engine.exportExplained({ ...req, path: join(dir, `explained${count++}.onnx`) });
      const session = await ort.InferenceSession.create(result.path);
      sessions.push(session);
      return { result, run: (feeds) => session.run(feeds) as Promise<Record<string, ort.Tensor>> };
    },
  };
}

/** Float32 rows one after another as one batch tensor. */
export function batchOf(rows: Float32Array[], dims: number[]): ort.Tensor {
  const data = new Float32Array(rows.reduce((n, r) => n + r.length, 0));
  rows.forEach((r, i) => data.set(r, i * r.length));
  return new ort.Tensor('float32', data, [rows.length, ...dims.slice(1)]);
}

export const targets = (values: number[]) => new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), [values.length]);
