/** d erf(x)/dx = 2/sqrt(pi) exp(-x^2) (GELU as torch exports it: x/2 (1 + erf(x/sqrt 2))). */
import { pointwise } from './shared/pointwise';

export const Erf = pointwise('Erf', (b, x) =>
  b.op('Mul', [b.op('Exp', [b.op('Neg', [b.op('Mul', [x, x])])]), b.scalar(2 / Math.sqrt(Math.PI))]),
);
