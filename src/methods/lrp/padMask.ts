/**
 * Which inputs of a pool are the image's: a pool fed by a constant Pad (torch exports AvgPool2d(3, 2, 1) as
 * Pad + AveragePool) reads border cells that are constants, like a bias. LRP with the bias redistributed
 * spreads a window's unexplained relevance over the cells that carry the image only: what lands on the
 * border would be dropped by the Pad's backward (MaxViT's shortcut pool: 3.1e-3 of the score).
 */
import { attrString, floatTensor, tensorToNumbers } from '../../onnx/ir';
import type { BackwardContext } from '../../ops/rule';
import type { PathInfo } from '../../compile/compile';

/**
 * A constant of `t`'s batch-1 shape, 1 where t carries its Pad producer's input and 0 on the padding, when t
 * is the output of a constant-mode Pad with fixed pads and a zero fill; undefined otherwise.
 */
export function padMask(path: PathInfo, ctx: BackwardContext, t: string): string | undefined {
  const pad = path.nodes.find((n) => n.outputs[0] === t);
  if (!pad || pad.opType !== 'Pad' || pad.domain !== '' || attrString(pad, 'mode', 'constant') !== 'constant') return undefined;
  const pads = ctx.constant(pad.inputs[1]);
  const fill = pad.inputs[2] ? ctx.constant(pad.inputs[2]) : undefined;
  if (!pads || (pad.inputs[2] && (!fill || tensorToNumbers(fill).some((v) => v !== 0))) || (pad.inputs[3] ?? '') !== '') return undefined;
  return ctx.b.constant(interior(tensorToNumbers(pads), ctx.shape(pad.inputs[0]), ctx.shape(t)), 'lrp_pad_mask');
}

function interior(pads: number[], inner: number[], outer: number[]) {
  const r = outer.length;
  const dims = [1, ...outer.slice(1)];
  const data = new Float32Array(dims.reduce((a, v) => a * v, 1));
  const index = new Array<number>(r).fill(0);
  for (let flat = 0; flat < data.length; flat++) {
    let rest = flat;
    for (let d = r - 1; d >= 0; d--) {
      index[d] = rest % dims[d];
      rest = Math.floor(rest / dims[d]);
    }
    data[flat] = index.every((i, d) => d === 0 || (i >= pads[d] && i < pads[d] + inner[d])) ? 1 : 0;
  }
  return floatTensor(data, dims);
}

