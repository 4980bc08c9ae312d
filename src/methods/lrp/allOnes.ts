/**
 * The layer with all weights 1, used by the flat rule and by bias redistribution's even spread, and the
 * batch-1 constants those and zB's bounds run on.
 */
import { A } from '../../compile/builder';
import { type ConstTensor, type IRNode, attrInt, floatTensor } from '../../onnx/ir';
import type { BackwardContext } from '../../ops/rule';

/** The layer with every weight 1: its output on an input of ones, and its adjoint. */
export interface AllOnesLayer {
  onOnes: string;
  adjoint(signal: string): string;
  /** Channels of the adjoint's result: 1 when it is the same for every input channel (broadcast by the caller). */
  channels: number;
}

type Forward = (inp: string, weight: string) => string;
type Backward = (signal: string, weight: string) => string;

/**
 * For a one-group Conv, every output of the all-ones layer sums all C input channels over its window, the
 * same for each output channel: on ones it is C times a one-channel window count, and its adjoint gives each
 * input channel the window sum of the signal summed over output channels. Both run as one-channel
 * convolutions, where full ones weights [M, C, k, k] would cost a convolution as large as the layer's own
 * (and on ResNet-18, 90 MB of ones in each graph that redistributes the bias). Other layers use full ones.
 */
export function allOnesLayer(ctx: BackwardContext, node: IRNode, x: string, w: ConstTensor, forward: Forward, backward: Backward): AllOnesLayer {
  const b = ctx.b;
  if (node.opType === 'Conv' && attrInt(node, 'group', 1) === 1) {
    const [, C, ...k] = w.dims;
    const unit = b.constant(floatTensor(new Float32Array(k.reduce((a, v) => a * v, 1)).fill(1), [1, 1, ...k]), 'lrp_unit_kernel');
    return {
      onOnes: b.op('Mul', [forward(perRowConstant(ctx, x, () => 1, 'lrp_ones', 1), unit), b.scalar(C)]),
      adjoint: (signal) => backward(b.op('ReduceSum', [signal, b.int64s([1])], { keepdims: A.int(1) }), unit),
      channels: 1,
    };
  }
  const ones = b.constant(floatTensor(new Float32Array(w.data.length).fill(1), [...w.dims]), 'lrp_ones_weight');
  return { onOnes: forward(onesLike(ctx, x), ones), adjoint: (signal) => backward(signal, ones), channels: w.dims[1] };
}

/**
 * Spreads a quantity per output evenly over the inputs that output reads: used for the bias's share
 * R_j * b_j / z_j of each output (Bach et al. 2015), so the layer conserves relevance exactly. The fan-in
 * of each output (smaller at padded borders) is the all-ones layer run on ones.
 */
export function spreadEvenly(ctx: BackwardContext, ones: AllOnesLayer): (share: string) => string {
  return (share) => ones.adjoint(ctx.b.op('Div', [share, ones.onOnes]));
}

/**
 * A constant shaped like one row of x (batch 1; it broadcasts over the batch). A layer run on it with
 * constant weights (the flat rule's z, the fan-in of bias redistribution, zB's bounds) has only constant
 * inputs, so onnxruntime folds it once when the session is created instead of running it every time.
 */
export function perRowConstant(ctx: BackwardContext, x: string, channelValues: (c: number) => number, hint: string, channels?: number): string {
  const [, xC, ...spatial] = ctx.shape(x);
  const C = channels ?? xC;
  const per = spatial.reduce((a, v) => a * v, 1);
  const data = new Float32Array(C * per);
  for (let c = 0; c < C; c++) data.fill(channelValues(c), c * per, (c + 1) * per);
  return ctx.b.constant(floatTensor(data, [1, C, ...spatial]), hint);
}

export function onesLike(ctx: BackwardContext, x: string): string {
  return perRowConstant(ctx, x, () => 1, 'lrp_ones');
}
