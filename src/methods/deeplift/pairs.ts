/**
 * DeepLIFT runs the input and its reference through the graph together, as a paired batch: rows 2i and
 * 2i+1 of every activation are its values at the input x and at the reference x0 (compile's `paired` mode).
 * A signal has one row per pair, the multiplier m, except where RevealCancel keeps separate multipliers M+
 * and M- for the positive and negative parts P, N of a difference (analysis.ts). There the signal is paired
 * too, with rows
 *
 *   S = (M+ + M-) / 2   and   T = (M+ - M-) / 2        (M+ = S + T, M- = S - T)
 *
 * so that with D = P + N and A = P - N the contribution is M+ P + M- N = S D + T A, and every linear op maps
 * both rows alike. Halves are [N, ...] tensors, one row per pair.
 */
import { firstRowOfPair, pairDelta, pairRows } from '../../compile/compile';
import type { BackwardContext } from '../../ops/rule';
import { A } from '../../compile/builder';

/** Both rows of a paired tensor as halves: (at x, at x0) for an activation, (S, T) for a split signal. */
export const rows = (ctx: BackwardContext, t: string, shape: number[]): [string, string] => pairRows(ctx.b, t, shape);

/** a(x) - a(x0), one row per pair. */
export const diff = (ctx: BackwardContext, t: string, shape: number[]): string => pairDelta(ctx.b, t, shape);

/** Two halves as the rows of one paired tensor. */
export function join(ctx: BackwardContext, first: string, second: string, shape: number[]): string {
  const b = ctx.b;
  const rest = shape.slice(1);
  const col = (h: string) => b.op('Reshape', [h, b.int64s([-1, 1, ...rest])]);
  return b.op('Reshape', [b.op('Concat', [col(first), col(second)], { axis: A.int(1) }), b.int64s([-1, ...rest])], {}, 'split_signal');
}

/** A multiplier as a split signal: S = m, T = 0 (M+ = M- = m). */
export const widen = (ctx: BackwardContext, m: string, shape: number[]): string => firstRowOfPair(ctx.b, m, shape);

/**
 * A split signal (S, T) as one multiplier, for a tensor whose parts are its own sign split (P = max(D, 0),
 * N = min(D, 0), so A = |D|): m = M+ where D > 0, M- where D < 0, their mean where D = 0, that is
 * m = S + sign(D) T; then m D = S D + T |D|, the same contribution.
 */
export function collapse(ctx: BackwardContext, signal: string, t: string, shape: number[]): string {
  const [s, tt] = rows(ctx, signal, shape);
  return ctx.b.op('Add', [s, ctx.b.op('Mul', [ctx.b.op('Sign', [diff(ctx, t, shape)]), tt])], {}, 'collapsed');
}
