/**
 * For the black-box methods' tests: a small nonlinear classifier with an op the compiler has no backward for
 * (Sin), its scores straight from onnxruntime one input at a time (the references' forward, independent of
 * the engine's batches), and a map's per-feature values read back off its pixels.
 */
import { after } from 'node:test';
import * as ort from 'onnxruntime-node';
import type { ExplainResult, MethodName, MethodParams } from '../../src/protocol';
import { node, randomTensor } from './ir';
import { seededInput } from './models';
import { tempModels } from './tempModels';

export const SIDE = 6;
export const CLASSES = 3;

/** x [1, 3, 6, 6] -> Conv 3x3 (4 channels) -> Sin -> GlobalAveragePool -> Gemm (3 logits). */
export function blackBoxModels(prefix: string) {
  const temp = tempModels(prefix);
  const path = temp.model(
    [1, 3, SIDE, SIDE],
    [
      node('Conv', ['x', 'w', 'b'], ['c'], { pads: { type: 'ints', value: [1, 1, 1, 1] }, kernel_shape: { type: 'ints', value: [3, 3] } }),
      node('Sin', ['c'], ['s']),
      node('GlobalAveragePool', ['s'], ['p']),
      node('Flatten', ['p'], ['f']),
      node('Gemm', ['f', 'fc', 'fcb'], ['y'], { transB: { type: 'int', value: 1 } }),
    ],
    'y',
    { w: randomTensor([4, 3, 3, 3], 1, -1.2, 1.2), b: randomTensor([4], 2, -0.3, 0.3), fc: randomTensor([CLASSES, 4], 3, -2, 2), fcb: randomTensor([CLASSES], 4, -0.1, 0.1) },
  );
  const input = seededInput(3 * SIDE * SIDE, 5, 0.2, 1.5);
  let session: Promise<ort.InferenceSession> | undefined;
  after(async () => (await session)?.release());
  return {
    path,
    input,
    /** The logit of `target` on one input, by onnxruntime itself. */
    async score(x: Float32Array, target: number): Promise<number> {
      const s = await (session ??= ort.InferenceSession.create(path, { logSeverityLevel: 4 }));
      const out = await s.run({ x: new ort.Tensor('float32', x, [1, 3, SIDE, SIDE]) });
      return (out.y.data as Float32Array)[target];
    },
    explain(method: MethodName, params: MethodParams, target = 0): Promise<ExplainResult> {
      return temp.engine.explain({ model: { path }, image: { tensor: { data: input, dims: [1, 3, SIDE, SIDE] } }, method, params, target });
    },
  };
}

/** The N x N grid cell of pixel (y, x) on the 6 x 6 image, row by row. */
export function gridCell(y: number, x: number, n: number): number {
  return Math.floor((y * n) / SIDE) * n + Math.floor((x * n) / SIDE);
}

/** x with the pixels (all channels) of features not kept, by `cellOf`, set to zero (the default baseline). */
export function keepCells(x: Float32Array, kept: (cell: number) => number, cellOf: (y: number, x: number) => number): Float32Array {
  const out = new Float32Array(x.length);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < SIDE; y++) {
      for (let xx = 0; xx < SIDE; xx++) {
        const i = c * SIDE * SIDE + y * SIDE + xx;
        out[i] = x[i] * kept(cellOf(y, xx));
      }
    }
  }
  return out;
}

/** The value each grid cell's pixels carry in a map (checking every element of the cell carries the same). */
export function cellValues(r: ExplainResult, n: number): Float64Array {
  const out = new Float64Array(n * n).fill(NaN);
  const d = r.relevance.data;
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) {
        const k = gridCell(y, x, n);
        const v = d[c * SIDE * SIDE + y * SIDE + x];
        if (Number.isNaN(out[k])) out[k] = v;
        else if (out[k] !== v) throw new Error(`cell ${k} carries ${out[k]} and ${v}`);
      }
    }
  }
  return out;
}
