/**
 * LayerNormalization (opset 17): y = x^ scale + bias, x normalized over axes axis..rank-1 (ViT, Swin, ConvNeXt
 * as torch exports them at 17). The signal to X through the mean and the variance; scale and bias are weights.
 */
import { ExplainError } from '../errors';
import { attrFloat, attrInt } from '../onnx/ir';
import type { OpBackward } from './rule';
import { countAlong, normalizedBackward } from './shared/normalization';
import { batchAxis } from './shared/reduction';

export const LayerNormalization: OpBackward = {
  opType: 'LayerNormalization',
  backward(node, g, ctx) {
    const [x, scale, bias] = node.inputs;
    if ([scale, bias].some((t) => t && ctx.needsGrad(t))) {
      throw new ExplainError('UNSUPPORTED_OP', `LayerNormalization ${node.name} computes its scale or bias from the image.`);
    }
    const rank = ctx.shape(x).length;
    const axis = attrInt(node, 'axis', -1);
    const from = axis < 0 ? axis + rank : axis;
    const axes = Array.from({ length: rank - from }, (_, i) => from + i);
    const batch = batchAxis(ctx, x);
    if (axes.includes(batch)) {
      throw new ExplainError('UNSUPPORTED_OP', `LayerNormalization ${node.name} normalizes over the batch axis, which mixes the images of a batch.`);
    }
    const gy = ctx.b.op('Mul', [g, scale]);
    return [normalizedBackward(ctx, gy, x, axes, countAlong(ctx, x, axes), attrFloat(node, 'epsilon', 1e-5)), undefined, undefined];
  },
};
