/**
 * The engine's result in the form the view draws: tensors reduced to what is on screen (a per-pixel
 * heatmap, the per-layer table), so the webview never needs the model's layout.
 */
import * as path from 'path';
import type { ExplainResult, TensorInput } from '../../src/protocol';
import { collapseChannels } from '../../src/render/colormap';
import { methodLabel } from '../methods';
import type { ViewExplanation, ViewModelInfo, ViewRequest } from '../../src/protocol';

export function toViewExplanation(request: ViewRequest, result: ExplainResult, model: ViewModelInfo): ViewExplanation {
  return {
    request,
    imageName: path.basename(request.imagePath),
    model,
    method: result.method,
    methodLabel: methodLabel(result.method),
    target: result.target,
    label: result.label,
    score: result.score,
    explained: result.explained,
    top: result.top.slice(0, 5),
    relevanceSum: result.relevanceSum,
    completenessError: result.completenessError,
    layerQuantity: result.layerQuantity,
    display: result.display,
    heatmap: pixelRelevance(result.relevance, result.display.width, result.display.height),
    layers: result.layers.map(({ name, op, shape, sum }) => ({ name, op, shape, sum })),
    notes: result.notes,
    timings: result.timings,
  };
}

/**
 * Relevance per pixel, summed over channels. ExplainResult carries no layout, but the display has the
 * model's resolution, so where that size sits in the dims tells: [1,C,H,W] (preferred when both fit) or [1,H,W,C].
 */
export function pixelRelevance(relevance: TensorInput, width: number, height: number): ViewExplanation['heatmap'] {
  const nchw = relevance.dims[2] === height && relevance.dims[3] === width;
  return collapseChannels(relevance, nchw ? 'NCHW' : 'NHWC');
}
