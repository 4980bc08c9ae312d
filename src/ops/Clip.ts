/** Clip (ReLU6 among others): the signal passes where min <= x <= max, as torch.clamp's backward does. */
import { ExplainError } from '../errors';
import type { OpBackward } from './rule';
import { keepWhere } from './shared/mask';

export const Clip: OpBackward = {
  opType: 'Clip',
  backward(node, g, ctx) {
    const [x, lo, hi] = node.inputs;
    if ((lo && ctx.needsGrad(lo)) || (hi && ctx.needsGrad(hi))) {
      throw new ExplainError('UNSUPPORTED_OP', `Clip ${node.name} computes its bounds from the image.`);
    }
    const masks: string[] = [];
    if (lo) masks.push(ctx.b.op('GreaterOrEqual', [x, lo]));
    if (hi) masks.push(ctx.b.op('LessOrEqual', [x, hi]));
    if (masks.length === 0) return [g];
    const inside = masks.length === 2 ? ctx.b.op('And', masks) : masks[0];
    return [keepWhere(ctx, inside, g), undefined, undefined];
  },
};
