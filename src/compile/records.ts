/**
 * Layers whose per-neuron record follows from the record of the node they feed, with no pass over their own
 * tensor (SqueezeNet: 20 of 64 reductions; gradient x input 10% faster, the gradient 5%). A max-pool's
 * backward scatters each window's signal to the window's maximum: per channel, the input receives exactly the
 * output's signal, and the activation it meets there is the window's maximum, the output itself. So the sums
 * of signal and of signal x activation are the same on both sides; across a global average pool too, which
 * spreads its signal evenly over the mean it took. A concatenation along channels hands each input its own
 * channels. Only where the tensor feeds nothing else (its signal is that one node's), with the op's own
 * backward (a method overriding it may not conserve per-channel sums: LRP's pools), and for unpaired graphs
 * (DeepLIFT's max-pool rule routes differences, not the signal).
 */
import type { GraphBuilder } from './builder';
import { attrInt, type IRNode } from '../onnx/ir';
import type { BackwardContext } from '../ops/rule';
import type { LayerQuantity } from './compile';

/**
 * [input tensor, its record [N, C]] for the inputs of `node` whose record is `record`'s, or part of it; made
 * when asked, as an input may still take its record another way.
 */
export function recordsOfInputs(b: GraphBuilder, node: IRNode, record: string, ctx: BackwardContext, q: LayerQuantity): [string, () => string][] {
  const spatial = (t: string) => ctx.shape(t).length > 2;
  if (q === 'signal-x-delta' || !spatial(node.outputs[0])) return [];
  // A global average spreads its output's signal evenly: per channel the input's sum is the output's, and
  // signal x activation sums to signal x mean.
  if (node.opType === 'MaxPool' || node.opType === 'GlobalMaxPool' || node.opType === 'GlobalAveragePool') {
    const x = node.inputs[0];
    return ctx.needsGrad(x) && spatial(x) ? [[x, () => record]] : [];
  }
  if (node.opType === 'Concat' && (attrInt(node, 'axis', 1) + ctx.shape(node.outputs[0]).length) % ctx.shape(node.outputs[0]).length === 1) {
    const out: [string, () => string][] = [];
    let start = 0;
    for (const x of node.inputs) {
      const [from, to] = [start, (start += (ctx.constant(x)?.dims ?? ctx.shape(x))[1])];
      if (ctx.needsGrad(x)) out.push([x, () => b.op('Slice', [record, b.int64s([from]), b.int64s([to]), b.int64s([1])], {}, 'neurons')]);
    }
    return out;
  }
  return [];
}
