/**
 * The engine's result in the form the view draws: tensors reduced to what is on screen (a per-pixel
 * heatmap, the per-layer table), so the webview never needs the model's layout. Every array is a compact
 * typed array of its own: VS Code moves typed arrays to the webview as binary, but a view into a larger
 * buffer would carry that whole buffer along.
 */
import * as path from 'path';
import type { ExplainResult } from '../../src/protocol';
import { pixelRelevance } from '../../src/render/pixelRelevance';
import { methodLabel } from '../methods';
import type { ViewExplanation, ViewLayer, ViewModelInfo, ViewRequest } from '../../src/protocol';

export function toViewExplanation(request: ViewRequest, result: ExplainResult, model: ViewModelInfo): ViewExplanation {
  const { width, height } = result.display;
  return {
    request,
    imageName: path.basename(request.imagePath),
    model,
    method: result.method,
    methodLabel: methodLabel(result.method),
    params: result.params,
    target: result.target,
    label: result.label,
    score: result.score,
    explained: result.explained,
    top: result.top.slice(0, 5),
    relevanceSum: result.relevanceSum,
    completenessError: result.completenessError,
    baselineScore: result.baselineScore,
    conserved: result.conserved,
    layerQuantity: result.layerQuantity,
    display: { data: result.display.data.slice(), width, height },
    // The map is drawn on the original through the crop or letterbox (webview/pictures.ts).
    ...(result.geometry && result.original
      ? { geometry: result.geometry, original: { data: result.original.data.slice(), width: result.original.width, height: result.original.height } }
      : {}),
    ...(result.transparencyFlattened ? { transparencyFlattened: true } : {}),
    heatmap: pixelRelevance(result.relevance, width, height),
    ...(result.segmentation && { segmentation: { ...result.segmentation, labels: result.segmentation.labels.slice() } }),
    ...packLayers(result.layers),
    notes: result.notes,
    timings: result.timings,
    sources: result.sources,
    metrics: result.metrics,
  };
}

/** Every layer's neurons and activations in two arrays, each layer at its offset (see ViewLayer). */
export function packLayers(layers: ExplainResult['layers']): Pick<ViewExplanation, 'layers' | 'neurons' | 'activations'> {
  const total = layers.reduce((n, l) => n + l.neurons.length, 0);
  const neurons = new Float32Array(total);
  const activations = new Float32Array(total);
  let offset = 0;
  const rows: ViewLayer[] = layers.map(({ name, op, shape, sum, gap, positive, negative, neurons: r, activations: a }) => {
    neurons.set(r, offset);
    // A method that records no activations leaves them NaN: the view shows "-" rather than a made-up 0.
    if (a.length === r.length) activations.set(a, offset);
    else activations.fill(NaN, offset, offset + r.length);
    const row: ViewLayer = { name, op, shape, sum, gap, positive, negative, neuronOffset: offset, neuronCount: r.length };
    offset += r.length;
    return row;
  });
  return { layers: rows, neurons, activations };
}
