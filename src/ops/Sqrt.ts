/** d sqrt(x)/dx = 1 / (2 sqrt(x)), from the output. */
import { pointwise } from './shared/pointwise';

export const Sqrt = pointwise('Sqrt', (b, _x, y) => b.op('Div', [b.scalar(0.5), y]));
