/**
 * What a method is: which compiled graph it needs (a rule override and what its layer records hold), and
 * how it turns weighted passes of that graph into a relevance map.
 */
import type { CompileOptions } from '../compile/compile';
import type { LayerChoices, MethodName, MethodParams, Preprocessing, Segmentation, TensorInput } from '../protocol';
import type { DisplayImage } from '../preprocess/image';
import type { Baseline } from '../preprocess/baselines';
import type { CanonicalGraph } from '../canonicalize';
import type { IRGraph } from '../onnx/ir';

/** The weighted sum over a batch of passes of the compiled graph. */
export interface WeightedPass {
  /** Sum over passes of weight * the backward signal at the input. */
  signal: Float32Array;
  /** Per layer: weighted relevance per neuron (empty when the method never ran the compiled graph). */
  layers: { neurons: Float32Array }[];
  /** Target score of each pass, in order. */
  scores: number[];
  /** Per exposed tensor: the weighted signal there, and its activation on the first input. */
  exposed: Map<string, { signal: Float32Array; activation: Float32Array; dims: number[] }>;
  /** The weighted relevance per position of the layer the request asked a map of (CompileOptions.layerMap). */
  layerMap?: Float32Array;
}

/** What every method gets: the input, the target and the plain model's scores (all a black-box method needs). */
export interface ForwardContext {
  input: TensorInput;
  target: number;
  params: MethodParams;
  /** The model's preprocessing (the input's layout, its channels' scale). */
  pre: Preprocessing;
  /** The preprocessed image as RGB bytes at the model's resolution (what superpixels are found on). */
  display: DisplayImage;
  baseline(): Promise<Baseline>;
  /** The target score of the plain model on an input. */
  score(x: Float32Array): Promise<number>;
  /**
   * Target scores of the plain model on many inputs, run in chunks; `sample(i)` is the i-th input, batch 1.
   * Progress reports n of `count` forwards, and a cancel stops it between chunks. `onChunk` gets each chunk's
   * scores as they come (inputs start.. of it), so a method can use what it made for them and let it go.
   */
  scores(count: number, sample: (i: number) => Float32Array, onChunk?: (start: number, scores: Float32Array) => void): Promise<Float32Array>;
}

export interface MethodContext extends ForwardContext {
  /** Runs `count` inputs through the compiled graph in chunks; `sample(i)` is the i-th input, batch 1. */
  run(count: number, sample: (i: number) => Float32Array, weight: (i: number) => number, opts?: PassOptions): Promise<WeightedPass>;
  /**
   * `run` on another compiled graph than the method's own (Guided Grad-CAM: a guided backward beside the
   * plain one). Layer records always come from the method's own graph.
   */
  runGraph(variant: GraphVariant, count: number, sample: (i: number) => Float32Array, weight: (i: number) => number): Promise<WeightedPass>;
  /** What `graph()` was given: the preprocessing and the model's graphs. */
  env: GraphEnv;
}

export interface PassOptions {
  /**
   * Inputs that must share one session.run, in consecutive groups of this size (chunks are rounded up to a
   * multiple of it): DeepLIFT's input and reference pairs.
   */
  group?: number;
  /**
   * Called with each input's own signal at the input, in order, before it is weighted into the sum: for
   * statistics other than a weighted mean (VarGrad's variance). The array is only valid during the call.
   */
  onSignal?: (i: number, signal: Float32Array) => void;
}

export interface MethodOutput {
  relevance: Float32Array;
  pass: WeightedPass;
  /** For methods that promise completeness: f(x) - f(baseline), and the baseline's score. */
  delta?: { baselineScore: number; expected: number };
  /** For relevance methods: what every layer's relevance should sum to (the score for LRP). */
  conserves?: number;
  /** Shape of `relevance` when it is not the input's (a class activation map is [1, 1, H, W]). */
  relevanceDims?: number[];
  /** A class activation map at its layer's resolution, [1, 1, h, w]. */
  cam?: { data: Float32Array; dims: number[] };
  /** Class activation methods: the layers `params.layer` may name, and the default. */
  layerChoices?: LayerChoices;
  /** Feature-based black-box methods: the features (segments) the relevance is constant on. */
  segmentation?: Segmentation;
  notes: string[];
}

export interface GraphVariant {
  key: string;
  options: CompileOptions;
}

/** What a graph variant may depend on besides the method's parameters. */
export interface GraphEnv {
  /** The model's preprocessing: the input domain's bounds (zB rule) come from it. */
  pre: Preprocessing;
  /** The graph the compiler works on (BatchNormalization and bias Adds folded), with every path tensor's shape. */
  canonical: CanonicalGraph;
  /**
   * The model before the per-size passes (no BatchNormalization or bias Add folded yet): a tensor the user
   * names (Grad-CAM's --layer) may exist only here.
   */
  original: IRGraph;
  /** Dropout/Identity outputs and node names of the model file, which loading removed -> the tensor each equals. */
  removedNoOps: Map<string, string>;
}

/** A variant that does not depend on parameters. */
export const fixedGraph = (key: string, options: CompileOptions) => (): GraphVariant => ({ key, options });

interface MethodInfo {
  name: MethodName;
  title: string;
  /** One line for the command palette's method switch. */
  description: string;
  /** The parameters that matter, with their defaults. */
  defaults: MethodParams;
  layerQuantity: 'relevance' | 'gradient' | 'gradient-x-activation';
}

/** A method that runs a compiled explanation graph. */
export interface GraphMethod extends MethodInfo {
  /** The compiled graph this method needs for these parameters; equal keys share one compiled session. */
  graph(params: MethodParams, env: GraphEnv): GraphVariant;
  forwardOnly?: undefined;
  run(ctx: MethodContext): Promise<MethodOutput>;
}

/**
 * A black-box method: forward passes only, on the model file as onnxruntime runs it (never the compiler's
 * graph), so it explains any model that runs.
 */
export interface ForwardMethod extends MethodInfo {
  forwardOnly: true;
  run(ctx: ForwardContext): Promise<MethodOutput>;
}

export type Method = GraphMethod | ForwardMethod;

/** One pass of the compiled graph on the input; the signal at the input is the attribution. */
export async function singlePass(ctx: MethodContext): Promise<MethodOutput> {
  const pass = await ctx.run(1, () => ctx.input.data, () => 1);
  return { relevance: pass.signal, pass, notes: [] };
}

/** Elementwise a * b (or a * (b - c)), used to turn gradients into attributions. */
export function times(a: Float32Array, b: Float32Array, minus?: Float32Array): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] * (minus ? b[i] - minus[i] : b[i]);
  return out;
}
