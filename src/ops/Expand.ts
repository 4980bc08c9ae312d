/** Expand broadcasts its input: the signal is summed back over the broadcast axes, as for a broadcasting Add. */
import { ExplainError } from '../errors';
import type { OpBackward } from './rule';
import { unbroadcast } from './shared/unbroadcast';

export const Expand: OpBackward = {
  opType: 'Expand',
  backward(node, g, ctx) {
    if (ctx.needsGrad(node.inputs[1])) throw new ExplainError('UNSUPPORTED_OP', `Expand ${node.name} takes its shape from the image.`);
    return [unbroadcast(ctx, g, ctx.shape(node.outputs[0]), node.inputs[0]), undefined];
  },
};
