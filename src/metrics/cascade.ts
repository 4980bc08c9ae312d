/**
 * The randomization cascade run: one explanation per step on a graph with one more layer randomized, each map
 * compared with the original. The caller explains: `start` is told the last step's graph and every tensor the
 * steps replace, so that it can load the structure once and swap weights per step (the engine's SwappedWeights).
 */
import type { IRGraph } from '../onnx/ir';
import type { RandomizationResult, Thumbnail } from '../protocol';
import type { ScalarMap } from '../render/colormap';
import { resizeBilinear } from '../render/resizeBilinear';
import { ExplainError } from '../errors';
import { LayerRandomizer, STILL_ALIKE, parameterLayers } from './randomization';
import { spearmanAbs, ssimAbs } from './similarity';

const THUMBNAIL = 64;

export function thumbnail(m: ScalarMap): Thumbnail {
  const scale = Math.min(1, THUMBNAIL / Math.max(m.width, m.height));
  const small = scale < 1 ? resizeBilinear(m, Math.max(1, Math.round(m.width * scale)), Math.max(1, Math.round(m.height * scale))) : m;
  return { width: small.width, height: small.height, data: Float32Array.from(small.data) };
}

/** What explains each step's graph, made once per cascade. */
export interface StepExplainer {
  explain(g: IRGraph): Promise<ScalarMap>;
  release(): Promise<void>;
}

export async function cascadeRandomization(
  graph: IRGraph,
  original: ScalarMap,
  seed: number,
  start: (last: IRGraph, replaced: string[]) => Promise<StepExplainer>,
  onStep: (done: number, total: number) => void,
): Promise<RandomizationResult> {
  const t0 = performance.now();
  const layers = parameterLayers(graph);
  if (layers.length === 0) throw new ExplainError('UNSUPPORTED_MODEL', 'The randomization test needs layers with weights (Conv, Gemm, MatMul); this model has none on its path.');
  const steps: RandomizationResult['steps'] = [];
  const randomizer = new LayerRandomizer(graph, seed);
  const explainer = await start(randomizer.graph(layers), layers.flatMap((l) => l.tensors));
  try {
    for (let k = 1; k <= layers.length; k++) {
      onStep(k - 1, layers.length);
      const map = await explainer.explain(randomizer.graph(layers.slice(0, k)));
      const layer = layers[k - 1];
      steps.push({ layer: layer.node, op: layer.op, spearman: spearmanAbs(original, map), ssim: ssimAbs(original, map), map: thumbnail(map) });
    }
  } finally {
    await explainer.release();
  }
  onStep(layers.length, layers.length);
  return { seed, original: thumbnail(original), steps, flagged: steps[steps.length - 1].spearman >= STILL_ALIKE, ms: performance.now() - t0 };
}
