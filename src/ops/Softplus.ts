/** d log(1 + e^x)/dx = sigmoid(x). */
import { pointwise } from './shared/pointwise';

export const Softplus = pointwise('Softplus', (b, x) => b.op('Sigmoid', [x]));
