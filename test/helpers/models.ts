/**
 * Running models for the canonicalization tests: the ORIGINAL file straight through onnxruntime-node (the
 * ground truth, fp16 inputs and outputs converted at the boundary), and an IRGraph after some passes through
 * the engine's own runner, with the plain forward's flattened scores.
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import type { CanonicalGraph } from '../../src/canonicalize';
import { SCORES } from '../../src/compile/compile';
import { plainForward } from '../../src/compile/forwardGraphs';
import { decodeModel } from '../../src/onnx/decode';
import { halfToFloat } from '../../src/onnx/half';
import type { IRGraph } from '../../src/onnx/ir';
import { createRunner } from '../../src/onnx/runtime';
import { fixture } from './fixtures';
import { readNpz } from './npz';

export { relDiff } from './relDiff';

export const MNIST = 'mnist_cntk_winml.onnx';
export const SQUEEZENET = 'squeezenet1.1_winml_fp16.onnx';
export const RESNET_MINI = 'resnet_mini.onnx';
export const MOBILENET_MINI = 'mobilenet_mini.onnx';
export const VGG_MINI = 'vgg_mini.onnx';

export function modelFile(name: string): string {
  return fixture('models', name);
}

export function modelBytes(name: string): Uint8Array {
  return readFileSync(modelFile(name));
}

/** A fresh decoded graph of a fixture model. */
export function decoded(name: string): IRGraph {
  return decodeModel(modelBytes(name), name);
}

/** SqueezeNet with every fp16 tensor widened to fp32 (lossless): what the fp16 decode must reproduce. */
export const SQUEEZENET_FP32 = modelFile('squeezenet1.1_winml_fp32.onnx');

/** IEEE 754 binary32 -> binary16, rounding to nearest even (onnxruntime-node takes float16 as Uint16Array). */
export function floatToHalf(values: Float32Array): Uint16Array {
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    f[0] = values[i];
    const x = u[0];
    const sign = (x >>> 16) & 0x8000;
    const exp = (x >>> 23) & 0xff;
    let mant = x & 0x7fffff;
    if (exp === 0xff) {
      out[i] = sign | 0x7c00 | (mant ? 0x200 : 0);
      continue;
    }
    const e = exp - 127 + 15;
    let half: number;
    let shift: number;
    if (e >= 31) {
      out[i] = sign | 0x7c00;
      continue;
    } else if (e <= 0) {
      if (e < -10) {
        out[i] = sign;
        continue;
      }
      mant |= 0x800000;
      shift = 14 - e;
      half = mant >>> shift;
    } else {
      shift = 13;
      half = (e << 10) | (mant >>> 13);
    }
    const round = (mant >>> (shift - 1)) & 1;
    const sticky = mant & ((1 << (shift - 1)) - 1);
    if (round && (sticky || half & 1)) half++; // a carry into the exponent is the correct rounding
    out[i] = sign | half;
  }
  return out;
}

export interface Output {
  name: string;
  data: Float32Array;
  dims: number[];
}

/**
 * The original model file run by onnxruntime-node itself, no engine code involved: its first output, as
 * float32. A float16 input is fed as binary16 (rounded to nearest) and a float16 output widened. `model` is a
 * file path or the bytes of a model (hand-built graphs: encodeModel of the graph before any pass).
 */
export async function runOriginal(model: string | Uint8Array, input: Float32Array, dims: number[]): Promise<Output> {
  // Unoptimized: the model as ONNX defines it. Optimized, onnxruntime fuses QDQ pairs into int8 kernels whose
  // results depend on the CPU: 8e-3 off the spec on an AMD EPYC, exact on the machines before it.
  const options: ort.InferenceSession.SessionOptions = { logSeverityLevel: 4, graphOptimizationLevel: 'disabled' };
  const session = typeof model === 'string' ? await ort.InferenceSession.create(model, options) : await ort.InferenceSession.create(model, options);
  try {
    const meta = session.inputMetadata[0];
    const type = meta.isTensor ? meta.type : 'float32';
    const tensor =
      type === 'float16' ? new ort.Tensor('float16', floatToHalf(input), dims) : new ort.Tensor('float32', input, dims);
    const name = session.outputNames[0];
    const res = await session.run({ [session.inputNames[0]]: tensor });
    const out = res[name];
    const data =
      out.type === 'float16' ? halfToFloat(out.data as Uint16Array) : Float32Array.from(out.data as Float32Array);
    return { name, data, dims: [...out.dims] };
  } finally {
    await session.release();
  }
}

/** A graph's flattened scores as the engine computes them: the plain forward of the graph, run by createRunner. */
export async function runScores(graph: IRGraph, input: Float32Array, dims: number[]): Promise<Float32Array> {
  const canonical: CanonicalGraph = { graph, shapes: new Map(), notes: [] };
  const runner = await createRunner(plainForward(canonical));
  try {
    const out = await runner.run({ [graph.inputs[0].name]: { data: input, dims } });
    return out[SCORES].data as Float32Array;
  } finally {
    await runner.release();
  }
}

export function softmax(v: ArrayLike<number>): Float32Array {
  let max = -Infinity;
  for (let i = 0; i < v.length; i++) max = Math.max(max, v[i]);
  const e = Array.from(v, (x) => Math.exp(x - max));
  const z = e.reduce((a, b) => a + b, 0);
  return Float32Array.from(e, (x) => x / z);
}

/** Seeded values in [lo, hi) (a 32-bit LCG), for inputs that must be the same on every run. */
export function seededInput(count: number, seed: number, lo = 0, hi = 1): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + ((hi - lo) * s) / 2 ** 32;
  }
  return out;
}

export function opCounts(g: IRGraph): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const n of g.nodes) counts[n.opType] = (counts[n.opType] ?? 0) + 1;
  return counts;
}

export const sizeOf = (dims: number[]) => dims.reduce((a, b) => a * b, 1);

/** A reference pair's preprocessed input (batch axis added) and logits (test/fixtures/reference/README.md). */
export function reference(name: string): { input: Float32Array; dims: number[]; logits: Float32Array } {
  const arrays = readNpz(fixture('reference', `${name}.npz`));
  const input = arrays.get('input');
  const logits = arrays.get('logits');
  if (!input || !logits) throw new Error(`${name}.npz lacks input or logits`);
  return { input: input.data, dims: [1, ...input.shape], logits: logits.data };
}

export const MNIST_REF = 'mnist__winml_mnist_28__t8';
export const SQUEEZENET_REF = 'squeezenet__winml_fish_224__t0';
export const RESNET_MINI_REF = 'resnet_mini__astronaut_64__t7';
export const MOBILENET_MINI_REF = 'mobilenet_mini__rocket_64__t4';
export const VGG_MINI_REF = 'vgg_mini__darknet_eagle_64__t1';

/**
 * The original fp16 SqueezeNet's softmax against ours. Its output is rounded to binary16 (unit roundoff
 * 2^-11 = 4.9e-4 relative) and onnxruntime rounds its fp16 activations between layers, so our fp32 computation
 * with the same (exactly widened) weights agrees only to a few fp16 ulps: 2e-3 = 4 * 2^-11 of the top
 * probability. Measured: 1.6e-4 on the fish image, 2.8e-4 on noise.
 */
export const FP16_TOLERANCE = 2e-3;
/** Passes must not change the scores beyond float32 reordering: max |diff| / max |reference|. */
export const TOLERANCE = 1e-5;
