/** InstanceNormalization: each image's channel normalized over space, then scaled and shifted per channel. */
import { ExplainError } from '../errors';
import { attrFloat } from '../onnx/ir';
import type { OpBackward } from './rule';
import { countAlong, normalizedBackward } from './shared/normalization';

export const InstanceNormalization: OpBackward = {
  opType: 'InstanceNormalization',
  backward(node, g, ctx) {
    const [x, scale, bias] = node.inputs;
    if ([scale, bias].some((t) => ctx.needsGrad(t))) {
      throw new ExplainError('UNSUPPORTED_OP', `InstanceNormalization ${node.name} computes its scale or bias from the image.`);
    }
    const shape = ctx.shape(x);
    const spatial = shape.slice(2).map((_, i) => i + 2);
    const perChannel = ctx.b.op('Reshape', [scale, ctx.b.int64s([shape[1], ...spatial.map(() => 1)])]);
    const gy = ctx.b.op('Mul', [g, perChannel]);
    return [normalizedBackward(ctx, gy, x, spatial, countAlong(ctx, x, spatial), attrFloat(node, 'epsilon', 1e-5)), undefined, undefined];
  },
};
