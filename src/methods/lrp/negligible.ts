/**
 * Denominators too small against their own terms to divide by. After BatchNormalization is folded into the
 * convolutions (MobileNetV2), a unit's z = sum_i x_i w_ij + b_j can be 1e-7 of sum_i |x_i w_ij| + |b_j|: z is
 * then mostly float32 rounding, and R / z times terms that large sends back relevance that only cancels in
 * exact arithmetic (mobilenet_mini, epsilon 1e-6 with the bias redistributed: an input sum of -3.9e12 for a
 * score of 0.77). With the bias redistributed, whose promise is exact conservation, such a unit is treated as
 * a zero denominator: its relevance is spread evenly over its inputs, as its bias would be.
 *
 * The threshold is not float32's rounding of z alone: a ratio m / |z| is also how much a unit can amplify
 * relevance that later layers must cancel again, and over MobileNet's 50 layers that compounds. Measured on
 * mobilenet_mini (epsilon 1e-6, worst gap over cut layers and input, relative to the score): threshold 1e-6:
 * 1e12; 1e-4: 5e10; 1e-3: 4e5; 1e-2: 2.5e-3; 3e-2: 9e-5; 5e-2: 2.8e-5 (three images); 1e-1: 3.8e-5.
 */
import { A, type GraphBuilder } from '../../compile/builder';

/** |z| at or below this fraction of sum |terms| counts as 0. */
export const NEGLIGIBLE = 5e-2;

/** 1 where |z| <= NEGLIGIBLE * magnitude (z = 0 included), else 0, as float. */
export function negligibleMask(b: GraphBuilder, z: string, magnitude: string, t = NEGLIGIBLE): string {
  const small = b.op('LessOrEqual', [b.op('Abs', [z]), b.op('Mul', [magnitude, b.scalar(t)])]);
  return b.op('Cast', [small], { to: A.int(1) }, 'lrp_negligible');
}

/** The signal R / z with the masked units cleared: their relevance is left for the caller to spread (remainder). */
export function clearNegligible(b: GraphBuilder, signal: string, mask: string): string {
  return b.op('Mul', [signal, b.op('Sub', [b.scalar(1), mask])]);
}
