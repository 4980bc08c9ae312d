/** dy/dx = y (1 - y), from the output. */
import { pointwise } from './shared/pointwise';

export const Sigmoid = pointwise('Sigmoid', (b, _x, y) => b.op('Mul', [y, b.op('Sub', [b.scalar(1), y])]));
