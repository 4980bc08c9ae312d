/** The signal goes to each window's maximum (the first one on ties), summed where windows overlap. */
import { ExplainError } from '../errors';
import { attrInt } from '../onnx/ir';
import type { OpBackward } from './rule';
import { scatterToArgmax } from './shared/scatterToArgmax';

export const MaxPool: OpBackward = {
  opType: 'MaxPool',
  backward(node, g, ctx) {
    if (attrInt(node, 'storage_order', 0) !== 0) {
      throw new ExplainError('UNSUPPORTED_OP', `MaxPool ${node.name} uses column-major storage_order, which is not supported.`);
    }
    return [scatterToArgmax(ctx, g, ctx.forwardOutput(node, 1), node.inputs[0])];
  },
};
