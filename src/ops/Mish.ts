/** y = x tanh(softplus(x)) (opset 18): slope t + x sigmoid(x) (1 - t^2), t = tanh(softplus(x)). */
import { pointwise } from './shared/pointwise';

export const Mish = pointwise('Mish', (b, x) => {
  const t = b.op('Tanh', [b.op('Softplus', [x])]);
  const dt = b.op('Mul', [b.op('Mul', [x, b.op('Sigmoid', [x])]), b.op('Sub', [b.scalar(1), b.op('Mul', [t, t])])]);
  return b.op('Add', [t, dt]);
});
