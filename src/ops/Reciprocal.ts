/** d(1/x)/dx = -1/x^2 = -y^2, from the output. */
import { pointwise } from './shared/pointwise';

export const Reciprocal = pointwise('Reciprocal', (b, _x, y) => b.op('Neg', [b.op('Mul', [y, y])]));
