/**
 * GroupNormalization (opsets 18-20: scale and bias per group): the channels of each group normalized together
 * over the group's channels and space. The backward views x and the signal as [N, G, C/G * spatial] and
 * normalizes over the last axis there.
 */
import { ExplainError } from '../errors';
import { attrFloat, attrInt } from '../onnx/ir';
import type { OpBackward } from './rule';
import { normalizedBackward } from './shared/normalization';

export const GroupNormalization: OpBackward = {
  opType: 'GroupNormalization',
  backward(node, g, ctx) {
    const b = ctx.b;
    const [x, scale, bias] = node.inputs;
    if ([scale, bias].some((t) => ctx.needsGrad(t))) {
      throw new ExplainError('UNSUPPORTED_OP', `GroupNormalization ${node.name} computes its scale or bias from the image.`);
    }
    const shape = ctx.shape(x);
    const groups = attrInt(node, 'num_groups', 1);
    const perGroup = shape.slice(1).reduce((k, d) => k * d, 1) / groups;
    const grouped = [-1, groups, perGroup];
    // Scale per group, broadcast over the group's elements: [G, 1].
    const gy = b.op('Mul', [b.op('Reshape', [g, b.int64s(grouped)]), b.op('Reshape', [scale, b.int64s([groups, 1])])]);
    const xg = b.op('Reshape', [x, b.int64s(grouped)]);
    const dx = normalizedBackward(ctx, gy, xg, [2], perGroup, attrFloat(node, 'epsilon', 1e-5));
    return [b.op('Reshape', [dx, b.int64s(ctx.freeShape(x))]), undefined, undefined];
  },
};
