/**
 * The randomization cascade run: one explanation per step on a graph with one more layer randomized, each map
 * compared with the original. The caller explains (the engine, with sessions made for that graph alone).
 */
import type { IRGraph } from '../onnx/ir';
import type { RandomizationResult, Thumbnail } from '../protocol';
import type { ScalarMap } from '../render/colormap';
import { resizeBilinear } from '../render/resizeBilinear';
import { ExplainError } from '../errors';
import { STILL_ALIKE, parameterLayers, randomizedGraph } from './randomization';
import { spearmanAbs, ssimAbs } from './similarity';

const THUMBNAIL = 64;

export function thumbnail(m: ScalarMap): Thumbnail {
  const scale = Math.min(1, THUMBNAIL / Math.max(m.width, m.height));
  const small = scale < 1 ? resizeBilinear(m, Math.max(1, Math.round(m.width * scale)), Math.max(1, Math.round(m.height * scale))) : m;
  return { width: small.width, height: small.height, data: Float32Array.from(small.data) };
}

export async function cascadeRandomization(
  graph: IRGraph,
  original: ScalarMap,
  seed: number,
  explain: (g: IRGraph) => Promise<ScalarMap>,
  onStep: (done: number, total: number) => void,
): Promise<RandomizationResult> {
  const t0 = performance.now();
  const layers = parameterLayers(graph);
  if (layers.length === 0) throw new ExplainError('UNSUPPORTED_MODEL', 'The randomization test needs layers with weights (Conv, Gemm, MatMul); this model has none on its path.');
  const steps: RandomizationResult['steps'] = [];
  for (let k = 1; k <= layers.length; k++) {
    onStep(k - 1, layers.length);
    const map = await explain(randomizedGraph(graph, layers.slice(0, k), seed));
    const layer = layers[k - 1];
    steps.push({ layer: layer.node, op: layer.op, spearman: spearmanAbs(original, map), ssim: ssimAbs(original, map), map: thumbnail(map) });
  }
  onStep(layers.length, layers.length);
  return { seed, original: thumbnail(original), steps, flagged: steps[steps.length - 1].spearman >= STILL_ALIKE, ms: performance.now() - t0 };
}
