/**
 * A multi-pass method's passes batched inside the graph: per input row, S rows for the compiled graph (row
 * n's passes consecutive, as [N, S, ...] flattened), and the weighted sum over a row's passes afterwards.
 * The arithmetic on inputs is float64, as the engine's JavaScript does it before storing float32 samples: a
 * sample one float32 step away from the engine's can flip a ReLU6 mask and move an integrated gradient by 1%
 * (MobileNet, 8 steps).
 */
import { A, type GraphBuilder } from '../compile/builder';
import type { ConstTensor } from '../onnx/ir';
import { type Reduction, reduce } from './reduce';

const FLOAT = 1;
const DOUBLE = 11;
export const toDouble = (b: GraphBuilder, t: string) => b.op('Cast', [t], { to: A.int(DOUBLE) }, 'f64');
export const toFloat = (b: GraphBuilder, t: string) => b.op('Cast', [t], { to: A.int(FLOAT) }, 'f32');
const doubles = (values: ArrayLike<number>, dims: number[]): ConstTensor => ({ type: 'float64', dims, data: Float64Array.from(values) });

/** [N, ...rest] -> [N, 1, ...rest]. */
export const perRow = (b: GraphBuilder, x: string) => b.op('Unsqueeze', [x, b.int64s([1])]);

/** [N, S, ...rest] -> [N * S, ...rest]. */
export const flatRows = (b: GraphBuilder, x: string, rest: number[]) => b.op('Reshape', [x, b.int64s([-1, ...rest])], {}, 'passes');

/** A float64 constant [1, S, 1, ...] of per-pass factors, broadcast over a [N, S, ...rest] tensor. */
const perPass = (b: GraphBuilder, values: number[], restRank: number) => b.constant(doubles(values, [1, values.length, ...Array<number>(restRank).fill(1)]), 'per_pass');

/** x0 + alpha_s (x - x0) for each alpha: the points of a path integral, [N * S, ...rest] float32. */
export function pathPoints(b: GraphBuilder, x: string, x0: string, alphas: number[], rest: number[]): string {
  const start = perRow(b, toDouble(b, x0));
  const step = b.op('Mul', [perPass(b, alphas, rest.length), b.op('Sub', [perRow(b, toDouble(b, x)), start])]);
  return flatRows(b, toFloat(b, b.op('Add', [start, step], {}, 'path_point')), rest);
}

/** x + sigma * range(x) * z_s, `noise` the draws z [S, ...rest]: SmoothGrad's samples, [N * S, ...rest] float32. */
export function noisyCopies(b: GraphBuilder, opset: number, x: string, sigma: number, noise: Float64Array, samples: number, rest: number[]): string {
  const xd = toDouble(b, x);
  const axes = rest.map((_, i) => i + 1);
  const along = (op: Reduction) => reduce(b, opset, op, xd, axes, true);
  const std = perRow(b, b.op('Mul', [b.op('Sub', [along('ReduceMax'), along('ReduceMin')]), b.constant(doubles([sigma], []), 'sigma')], {}, 'noise_std'));
  const z = b.constant(doubles(noise, [1, samples, ...rest]), 'noise');
  return flatRows(b, toFloat(b, b.op('Add', [perRow(b, xd), b.op('Mul', [std, z])], {}, 'noisy')), rest);
}

/**
 * sum_s w_s t[n, s] of a float32 tensor [N * S, ...rest] -> [N, ...rest], summed in float64 and stored as
 * float32 (the engine accumulates float32 sums of float64 products). Weights all 1 over one pass leave it as
 * it is; all 1 over several are a plain sum (DeepLIFT's pairs, whose second row is zero).
 */
export function weightedSum(b: GraphBuilder, opset: number, t: string, weights: number[], rest: number[]): string {
  const ones = weights.every((w) => w === 1);
  if (weights.length === 1 && ones) return t;
  const rows = toDouble(b, b.op('Reshape', [t, b.int64s([-1, weights.length, ...rest])]));
  return toFloat(b, reduce(b, opset, 'ReduceSum', ones ? rows : b.op('Mul', [rows, perPass(b, weights, rest.length)]), [1], false));
}
