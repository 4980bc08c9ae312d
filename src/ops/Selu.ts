/** y = gamma x where x > 0, else gamma alpha (e^x - 1): slope gamma, else y + gamma alpha. */
import { attrFloat } from '../onnx/ir';
import { pointwise } from './shared/pointwise';

// ONNX's defaults, to the digits the operator's definition gives.
const ALPHA = 1.67326319217681884765625;
const GAMMA = 1.05070102214813232421875;

export const Selu = pointwise('Selu', (b, x, y, node) => {
  const alpha = attrFloat(node, 'alpha', ALPHA);
  const gamma = attrFloat(node, 'gamma', GAMMA);
  return b.op('Where', [b.op('Greater', [x, b.scalar(0)]), b.scalar(gamma), b.op('Add', [y, b.scalar(gamma * alpha)])]);
});
