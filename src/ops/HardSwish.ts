/**
 * y = x hardsigmoid(x) with alpha 1/6, beta 1/2 (MobileNetV3): slope 0 below -3, 1 above 3, x/3 + 1/2 between
 * (torch's hardswish_backward, the kinks included on the same sides).
 */
import { pointwise } from './shared/pointwise';

export const HardSwish = pointwise('HardSwish', (b, x) => {
  const ramp = b.op('Add', [b.op('Mul', [x, b.scalar(1 / 3)]), b.scalar(0.5)]);
  const upper = b.op('Where', [b.op('Greater', [x, b.scalar(3)]), b.scalar(1), ramp]);
  return b.op('Where', [b.op('Less', [x, b.scalar(-3)]), b.scalar(0), upper]);
});
