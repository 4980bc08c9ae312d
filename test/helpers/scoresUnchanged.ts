/**
 * The check every canonicalization test makes: after the passes, the graph (run by the engine, runScores) still
 * computes what the ORIGINAL model computes in onnxruntime-node (runOriginal), to a relative tolerance (relDiff).
 * Each comparison reports its relDiff as a test diagnostic.
 */
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { IRGraph } from '../../src/onnx/ir';
import {
  FP16_TOLERANCE,
  type Output,
  SQUEEZENET,
  SQUEEZENET_FP32,
  TOLERANCE,
  modelFile,
  relDiff,
  runOriginal,
  runScores,
  seededInput,
  softmax,
} from './models';

/** The part of node:test's context the checks use. */
export type Diagnostics = Pick<TestContext, 'diagnostic'>;

/** An input with the name its diagnostics and failure messages carry. */
export type LabelledInput = readonly [label: string, input: Float32Array];

/** One input (named by the comparison's `label`, if any), or several named ones. */
export type Inputs = Float32Array | readonly LabelledInput[];

export interface Comparison {
  /** The largest relDiff that passes: TOLERANCE unless given. */
  tolerance?: number;
  /** What the diagnostic says was compared: 'max diff / max' unless given. */
  compared?: string;
  /** Prefixes the diagnostic and the failure message (for a single Float32Array input). */
  label?: string;
}

function labelled(inputs: Inputs, label?: string): readonly (readonly [string | undefined, Float32Array])[] {
  return inputs instanceof Float32Array ? [[label, inputs]] : inputs;
}

/**
 * `ours` against the first output of the original `model` (a file path, or the bytes of a hand-built graph
 * encoded before any pass) on input `x`: relDiff(ours, original) must be at most the tolerance. Returns the
 * original's output.
 */
export async function assertMatchesOriginal(
  t: Diagnostics,
  ours: ArrayLike<number>,
  model: string | Uint8Array,
  x: Float32Array,
  dims: number[],
  { tolerance = TOLERANCE, compared = 'max diff / max', label }: Comparison = {},
): Promise<Output> {
  const original = await runOriginal(model, x, dims);
  const d = relDiff(ours, original.data);
  const prefix = label ? `${label}: ` : '';
  t.diagnostic(`${prefix}${compared} ${d.toExponential(2)} (tolerance ${tolerance})`);
  assert.ok(d <= tolerance, `${prefix}${d}`);
  return original;
}

/**
 * The graph's scores on each input (or `transform` of them, e.g. a softmax where the original ends in one)
 * against the original `model`'s output: assertMatchesOriginal per input. Returns the original's outputs, in
 * input order.
 */
export async function assertScoresUnchanged(
  t: Diagnostics,
  g: IRGraph,
  model: string | Uint8Array,
  inputs: Inputs,
  dims: number[],
  { transform, ...comparison }: Comparison & { transform?: (scores: Float32Array) => ArrayLike<number> } = {},
): Promise<Output[]> {
  const originals: Output[] = [];
  for (const [label, x] of labelled(inputs, comparison.label)) {
    const scores = await runScores(g, x, dims);
    originals.push(await assertMatchesOriginal(t, transform ? transform(scores) : scores, model, x, dims, { ...comparison, label }));
  }
  return originals;
}

/**
 * SqueezeNet after cutTrailingSoftmax: softmax of the graph's scores against the fp16 original's probabilities
 * (FP16_TOLERANCE) and, where the team's lossless fp32 copy is present, against that copy's (TOLERANCE).
 * Returns the scores (logits), in input order.
 */
export async function assertSqueezeNetProbabilitiesUnchanged(t: Diagnostics, g: IRGraph, inputs: Inputs, dims: number[]): Promise<Float32Array[]> {
  const all: Float32Array[] = [];
  for (const [label, x] of labelled(inputs)) {
    const scores = await runScores(g, x, dims);
    const probs = softmax(scores);
    await assertMatchesOriginal(t, probs, modelFile(SQUEEZENET), x, dims, { tolerance: FP16_TOLERANCE, compared: 'softmax(scores) vs fp16 original', label });
    await assertMatchesOriginal(t, probs, SQUEEZENET_FP32, x, dims, { compared: 'softmax(scores) vs fp32 copy', label });
    all.push(scores);
  }
  return all;
}

/** A reference image and seeded noise in [lo, hi) of its size, named 'reference image' and 'noise' (with its range unless 0..1). */
export function imageAndNoise(image: Float32Array, seed: number, lo = 0, hi = 1): LabelledInput[] {
  return [
    ['reference image', image],
    [lo === 0 && hi === 1 ? 'noise' : `noise ${lo}..${hi}`, seededInput(image.length, seed, lo, hi)],
  ];
}
