/** d|x|/dx = sign(x), 0 at 0 as in torch. */
import { pointwise } from './shared/pointwise';

export const Abs = pointwise('Abs', (b, x) => b.op('Sign', [x]));
