/**
 * How a method's passes become one graph: which rows of the compiled graph it runs per input row, their
 * weights, what the weighted input signal is multiplied by, and for class activation methods the map made
 * from the exposed feature map. The engine's own `run` of each method (src/methods) is what a plan mirrors;
 * the export tests hold the two to 1e-6.
 */
import { gradient } from '../methods/gradient';
import { ExplainError } from '../errors';
import type { BaselineSpec, MethodParams } from '../protocol';
import type { GraphEnv, GraphVariant, Method } from '../methods/method';
import { quadrature } from '../methods/quadrature';
import { smoothgradSettings } from '../methods/smoothgrad';
import { createRng } from '../util/random';
import { type FeatureMap, resolveFeatureMap } from '../methods/cam/featureMap';
import { type CamHead, camHead } from '../methods/cam';
import { plainGradientAt } from '../methods/guidedGradCam';
import { occlusionGrid } from '../methods/occlusion';
import { imageLayout } from '../util/imageLayout';
import { type Windows, windowMasks } from './occlusionMap';
import { guidedBackprop } from '../methods/guidedBackprop';

/** The compiled graph's rows for one input row. */
export type Rows =
  /** The input itself, once. */
  | { kind: 'input' }
  /** x0 + alpha (x - x0) for each alpha (Taylor's root point: alpha 0). */
  | { kind: 'path'; alphas: number[] }
  /** x + sigma * range(x) * z_s, the draws z [samples, ...] fixed at export. */
  | { kind: 'noise'; noise: Float64Array; samples: number; sigma: number }
  /** The input and its reference, one pair (DeepLIFT). */
  | { kind: 'pair' }
  /** One copy per occlusion window, the window filled from the baseline; the plain forward only. */
  | { kind: 'windows'; windows: Windows };

export type ClassMap = { kind: 'grad-cam'; fm: FeatureMap } | { kind: 'cam'; head: CamHead; fm: FeatureMap };

export interface ExportPlan {
  variant: GraphVariant;
  rows: Rows;
  /** Per row of `rows`, the weight of its input signal (and of its layer records). */
  weights: number[];
  /** The relevance: the weighted signal as it is, times the input, or times (input - baseline). */
  multiplier: 'none' | 'input' | 'delta';
  /** The methods with a reference input. */
  baseline?: BaselineSpec;
  map?: ClassMap;
  /**
   * Guided Grad-CAM: the relevance is a guided backward's input signal times the upsampled map, the signal from
   * the method's own graph, or from this second one where the method's graph is the plain gradient to the map.
   */
  guided?: { variant?: GraphVariant };
}

const single = (variant: GraphVariant, multiplier: ExportPlan['multiplier'] = 'none'): ExportPlan => ({ variant, rows: { kind: 'input' }, weights: [1], multiplier });

export function exportPlan(method: Method, params: MethodParams, env: GraphEnv, inputSize: number): ExportPlan {
  const plan = planOf(method, params, env, inputSize);
  const batch = env.canonical.graph.inputs[0].dims[0];
  // DeepLIFT's pair runs on a fixed batch as two copies of the forward (compile's dualForward).
  if (typeof batch === 'number' && plan.weights.length > 1 && plan.rows.kind !== 'pair') {
    throw new ExplainError(
      'UNSUPPORTED_MODEL',
      `${method.title} is exported with its ${plan.weights.length} passes as one batch, and this model's export fixed its batch at ${batch}: export the model with a dynamic batch axis (torch.onnx.export's dynamic_axes), or export a single-pass method.`,
    );
  }
  return plan;
}

function planOf(method: Method, params: MethodParams, env: GraphEnv, inputSize: number): ExportPlan {
  // A black-box method compiles nothing: its windows run the plain forward, and the gradient graph's key stands in.
  const variant = 'graph' in method ? method.graph(params, env) : gradient.graph(params, env);
  switch (method.name) {
    case 'gradient':
    case 'guided-backprop':
    case 'deconvnet':
    case 'lrp':
    case 'deep-taylor':
      return single(variant);
    case 'gradient-x-input':
      return single(variant, 'input');
    case 'smoothgrad': {
      const { samples, sigma } = smoothgradSettings(params);
      // The engine's draws in its order (sample by sample, element by element), unrounded: the graph adds them
      // in float64 as the engine does.
      const rng = createRng(params.seed ?? 0);
      const noise = Float64Array.from({ length: samples * inputSize }, () => rng.normal());
      return { variant, rows: { kind: 'noise', noise, samples, sigma }, weights: Array<number>(samples).fill(1 / samples), multiplier: 'none' };
    }
    case 'integrated-gradients': {
      const { alphas, weights } = quadrature(params.integration ?? 'gauss-legendre', params.steps ?? 32);
      return { variant, rows: { kind: 'path', alphas }, weights, multiplier: 'delta', baseline: params.baseline ?? { kind: 'zero' } };
    }
    case 'taylor':
      return { variant, rows: { kind: 'path', alphas: [0] }, weights: [1], multiplier: 'delta', baseline: params.baseline ?? { kind: 'black' } };
    case 'deeplift':
      return { variant, rows: { kind: 'pair' }, weights: [1, 1], multiplier: 'delta', baseline: params.baseline ?? { kind: 'zero' } };
    case 'grad-cam':
      return { ...single(variant), map: { kind: 'grad-cam', fm: tokenFree(method, resolveFeatureMap(env, params.layer)) } };
    case 'guided-grad-cam': {
      const fm = tokenFree(method, resolveFeatureMap(env, params.layer));
      return { ...single(variant), map: { kind: 'grad-cam', fm }, guided: plainGradientAt(env, fm.tensor) ? {} : { variant: guidedBackprop.graph(params, env) } };
    }
    case 'occlusion': {
      const { height, width } = imageLayout(env.canonical.shapes.get(env.canonical.graph.inputs[0].name)!, env.pre.layout);
      const grid = occlusionGrid(height, width, params.patch, params.stride);
      const windows = windowMasks(height, width, grid.patch, grid.ys, grid.xs);
      return { variant, rows: { kind: 'windows', windows }, weights: Array<number>(windows.count).fill(1), multiplier: 'none', baseline: params.baseline ?? { kind: 'zero' } };
    }
    case 'cam': {
      const head = camHead(env);
      return { ...single(variant), map: { kind: 'cam', head, fm: tokenFree(method, resolveFeatureMap(env, head.feature)) } };
    }
    default:
      throw new ExplainError('INTERNAL', `No export plan for method "${method.name}".`);
  }
}

function tokenFree(method: Method, fm: FeatureMap): FeatureMap {
  if (fm.tokens) {
    throw new ExplainError('BAD_ARGUMENT', `${method.title} on a token map ("${fm.name}") is not exported: choose a convolutional feature map with --layer, or run it with the engine.`);
  }
  return fm;
}
