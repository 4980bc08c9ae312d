/** Slope 1 where x > 0, else alpha e^x = y + alpha (from the output, as torch's elu_backward). */
import { attrFloat } from '../onnx/ir';
import { pointwise } from './shared/pointwise';

export const Elu = pointwise('Elu', (b, x, y, node) =>
  b.op('Where', [b.op('Greater', [x, b.scalar(0)]), b.scalar(1), b.op('Add', [y, b.scalar(attrFloat(node, 'alpha', 1))])]),
);
