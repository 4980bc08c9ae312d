/**
 * Model-parameter randomization (Adebayo et al. 2018, "Sanity checks for saliency maps"), cascading: the weights
 * of the layer nearest the output replaced by seeded random values of the same scale, then those of the next
 * layer down as well, and so on to the input, the explanation re-run at each step. A map that stays alike while
 * the model is destroyed shows the input more than what the model learned. The test alone does not rank methods
 * (Binder et al., CVPR 2023: a map can change for the wrong reasons); it flags the ones it fails.
 */
import type { IRGraph, IRNode } from '../onnx/ir';
import { createRng } from '../util/random';

const WEIGHTED = new Set(['Conv', 'ConvTranspose', 'Gemm', 'MatMul']);

/** Above this Spearman correlation of |R| with every layer randomized, a map is flagged as not depending on the model. */
export const STILL_ALIKE = 0.5;

export interface ParameterLayer {
  node: string;
  op: string;
  /** The initializers randomized with it: the weight, and the bias when there is one. */
  tensors: string[];
}

/** The layers with weights, nearest the output first (the cascade's order). */
export function parameterLayers(g: IRGraph): ParameterLayer[] {
  const layers: ParameterLayer[] = [];
  for (const n of g.nodes) {
    if (!WEIGHTED.has(n.opType)) continue;
    const tensors = weightInputs(n).filter((t) => g.inits.get(t)?.type === 'float32');
    if (tensors.length) layers.push({ node: n.name, op: n.opType, tensors });
  }
  // Canonical graphs are in topological order: reversed, the output's end comes first.
  return layers.reverse();
}

function weightInputs(n: IRNode): string[] {
  // MatMul's weight may be either operand (x @ W or W @ x); the other is the activation.
  return n.opType === 'MatMul' ? n.inputs.slice(0, 2) : n.inputs.slice(1, 3);
}

/**
 * `g` with the tensors of `layers` replaced by N(0, std) draws, std that of each tensor (so activations keep their
 * scale), seeded per tensor so step k's values are step k-1's plus one layer. `g` itself is not touched.
 */
export function randomizedGraph(g: IRGraph, layers: ParameterLayer[], seed: number): IRGraph {
  return new LayerRandomizer(g, seed).graph(layers);
}

/** randomizedGraph for one model and seed, each tensor drawn once: a cascade's steps share their layers' draws. */
export class LayerRandomizer {
  private readonly drawn = new Map<string, Float32Array>();

  constructor(
    private readonly g: IRGraph,
    private readonly seed: number,
  ) {}

  graph(layers: ParameterLayer[]): IRGraph {
    const inits = new Map(this.g.inits);
    for (const name of layers.flatMap((l) => l.tensors)) inits.set(name, { ...this.g.inits.get(name)!, data: this.draw(name) });
    return { ...this.g, inits };
  }

  private draw(name: string): Float32Array {
    let fresh = this.drawn.get(name);
    if (fresh) return fresh;
    const data = this.g.inits.get(name)!.data as Float32Array;
    let mean = 0;
    for (const v of data) mean += v / data.length;
    let variance = 0;
    for (const v of data) variance += (v - mean) ** 2 / data.length;
    const rng = createRng(this.seed * 1_000_003 + hash(name));
    fresh = new Float32Array(data.length);
    rng.noisy(fresh, new Float32Array(data.length), Math.sqrt(variance));
    this.drawn.set(name, fresh);
    return fresh;
  }
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
