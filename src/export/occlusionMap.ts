/**
 * Occlusion in the graph, as src/methods/occlusion.ts computes it: one copy of the input per window with the
 * window filled from the baseline (all channels), the plain forward over all of them in one batch, and per
 * element the mean score drop f(x) - f(x with the window filled) over the windows that cover it, summed and
 * divided in float64 as the engine does.
 */
import type { GraphBuilder } from '../compile/builder';
import type { ConstTensor } from '../onnx/ir';
import type { Layout } from '../protocol';
import { flatRows, perRow, toDouble, toFloat } from './rows';
import { reduce } from './reduce';

export interface Windows {
  count: number;
  /** Per window, 1 where it covers a pixel: [windows, H * W]. */
  mask: Uint8Array;
  /** Per pixel, how many windows cover it. */
  cover: Float64Array;
  height: number;
  width: number;
}

/** The windows of occlusionGrid's starts, each `patch` wide, clipped at the border. */
export function windowMasks(height: number, width: number, patch: number, ys: number[], xs: number[]): Windows {
  const count = ys.length * xs.length;
  const mask = new Uint8Array(count * height * width);
  const cover = new Float64Array(height * width);
  let k = 0;
  for (const y0 of ys) {
    for (const x0 of xs) {
      for (let y = y0; y < Math.min(height, y0 + patch); y++) {
        for (let x = x0; x < Math.min(width, x0 + patch); x++) {
          mask[k * height * width + y * width + x] = 1;
          cover[y * width + x] += 1;
        }
      }
      k++;
    }
  }
  return { count, mask, cover, height, width };
}

const maskTensor = (w: Windows, dims: number[]): ConstTensor => ({ type: 'bool', dims, data: w.mask });

/** [N * windows, ...rest]: each row's copies, window k filled from `x0`. */
export function occludedCopies(b: GraphBuilder, w: Windows, layout: Layout, x: string, x0: string, rest: number[]): string {
  const dims = layout === 'NCHW' ? [1, w.count, 1, w.height, w.width] : [1, w.count, w.height, w.width, 1];
  return flatRows(b, b.op('Where', [b.constant(maskTensor(w, dims), 'windows'), perRow(b, x0), perRow(b, x)], {}, 'occluded'), rest);
}

/**
 * The relevance in the input's layout from the copies' scores [N * windows, K], the input's `logits` [N, K] and
 * each row's class; `x` gives the shape to spread each pixel's value over its channels.
 */
export function occlusionRelevance(b: GraphBuilder, opset: number, w: Windows, layout: Layout, scores: string, logits: string, oneHot: string, x: string, classes: number): string {
  const ofClass = (t: string, axis: number) => reduce(b, opset, 'ReduceSum', b.op('Mul', [t, axis === 2 ? b.op('Unsqueeze', [oneHot, b.int64s([1])]) : oneHot]), [axis], axis === 1);
  const occluded = ofClass(b.op('Reshape', [scores, b.int64s([-1, w.count, classes])]), 2);
  const drops = b.op('Sub', [toDouble(b, ofClass(logits, 1)), toDouble(b, occluded)], {}, 'drops');
  const hw = w.height * w.width;
  const masks = toDouble(b, b.constant(maskTensor(w, [w.count, hw]), 'window_pixels'));
  const mean = b.op('Div', [b.op('MatMul', [drops, masks]), b.constant({ type: 'float64', dims: [hw], data: w.cover }, 'cover')]);
  const perPixel = b.op('Reshape', [toFloat(b, mean), b.int64s(layout === 'NCHW' ? [-1, 1, w.height, w.width] : [-1, w.height, w.width, 1])]);
  return b.op('Expand', [perPixel, b.op('Shape', [x])], {}, 'occlusion');
}

