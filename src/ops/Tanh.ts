/** dy/dx = 1 - y^2, from the output. */
import { pointwise } from './shared/pointwise';

export const Tanh = pointwise('Tanh', (b, _x, y) => b.op('Sub', [b.scalar(1), b.op('Mul', [y, y])]));
