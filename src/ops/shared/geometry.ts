/** Window geometry shared by Conv, MaxPool and AveragePool: explicit pads from auto_pad, strides, dilations. */
import { ExplainError } from '../../errors';
import { type IRNode, attrInts, attrString } from '../../onnx/ir';

export interface WindowGeometry {
  kernel: number[];
  strides: number[];
  dilations: number[];
  /** Begin pads then end pads, as ONNX writes them. */
  pads: number[];
}

export function windowGeometry(node: IRNode, inputSpatial: number[], kernel: number[]): WindowGeometry {
  const d = inputSpatial.length;
  const strides = attrInts(node, 'strides') ?? Array(d).fill(1);
  const dilations = attrInts(node, 'dilations') ?? Array(d).fill(1);
  const autoPad = attrString(node, 'auto_pad', 'NOTSET');
  let pads = attrInts(node, 'pads') ?? Array(2 * d).fill(0);
  if (autoPad === 'VALID') pads = Array(2 * d).fill(0);
  else if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    pads = Array(2 * d).fill(0);
    for (let i = 0; i < d; i++) {
      const out = Math.ceil(inputSpatial[i] / strides[i]);
      const total = Math.max(0, (out - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - inputSpatial[i]);
      const small = Math.floor(total / 2);
      pads[i] = autoPad === 'SAME_UPPER' ? small : total - small;
      pads[i + d] = total - pads[i];
    }
  } else if (autoPad !== 'NOTSET') {
    throw new ExplainError('UNSUPPORTED_OP', `${node.opType} ${node.name} has auto_pad=${autoPad}, which is not an ONNX value.`);
  }
  return { kernel, strides, dilations, pads };
}
