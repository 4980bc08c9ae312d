/**
 * DeepLIFT's RevealCancel rule (Shrikumar et al. 2017, section 3.5.3; kundajelab layers/activations.py) for
 * an elementwise nonlinearity y = f(z). The difference Dz = P + N arrives split into a positive and a
 * negative part (contributions.ts), and the output's difference is split the same way, each part taking the
 * average of its effect with and without the other one present (a two-player Shapley value):
 *
 *   P' = pc(P), N' = pc(N)       pc(t) = t + 1e-7 sign(t) where |t| < 5e-8 (sign(0) = +1), never 0
 *   dY+ = 1/2 (f(z0 + P') - f(z0)) + 1/2 (f(z0 + N' + P') - f(z0 + N'))
 *   dY- = 1/2 (f(z0 + N') - f(z0)) + 1/2 (f(z0 + P' + N') - f(z0 + P'))
 *   M+_z = m_y dY+ / P',   M-_z = m_y dY- / N'
 *
 * dY+ + dY- = f(z0 + P' + N') - f(z0) = y - y0 (up to the pseudocounts), so M+ P + M- N conserves the
 * difference. A positive P that a negative N cancels (min/max-like units, where gradients and Rescale credit
 * only one side) keeps half of its own effect: "revealing" what the cancellation hid. M+ and M- leave as the
 * rows S = (M+ + M-)/2, T = (M+ - M-)/2 of a paired signal (pairs.ts), for the linear layer before
 * (linear.ts) to combine.
 */
import type { GraphBuilder } from '../../compile/builder';
import type { BackwardRule } from '../../ops/rule';
import type { Analysis } from './analysis';
import { posNeg } from './contributions';
import { join, rows } from './pairs';
import { checkConstantParams } from './rescale';

export function revealCancel(a: Analysis): BackwardRule {
  return (node, m, ctx) => {
    const b = ctx.b;
    checkConstantParams(node, ctx);
    const z = node.inputs[0];
    const shape = ctx.shape(node.outputs[0]);
    const [p, n] = posNeg(ctx, z, a).map((t) => pseudocount(b, t));
    const [, z0] = rows(ctx, z, shape);
    const [, y0] = rows(ctx, node.outputs[0], shape);
    const f = (t: string) => {
      const out = b.fresh(`${node.name}_rc`);
      b.nodes.push({ ...node, name: b.fresh(`${node.name}_rc_node`), inputs: [t, ...node.inputs.slice(1)], outputs: [out], attrs: { ...node.attrs } });
      return out;
    };
    const zp = b.op('Add', [z0, p]);
    const zn = b.op('Add', [z0, n]);
    const fp = f(zp);
    const fn = f(zn);
    const fpn = f(b.op('Add', [zn, p]));
    const half = (u: string, v: string) => b.op('Mul', [b.op('Add', [u, v]), b.scalar(0.5)]);
    const dyPos = half(b.op('Sub', [fp, y0]), b.op('Sub', [fpn, fn]));
    const dyNeg = half(b.op('Sub', [fn, y0]), b.op('Sub', [fpn, fp]));
    // m: the output's one multiplier per pair (its parts are its own sign split: analysis.ts).
    const mPos = b.op('Mul', [m, b.op('Div', [dyPos, p])], {}, 'dl_rc_pos');
    const mNeg = b.op('Mul', [m, b.op('Div', [dyNeg, n])], {}, 'dl_rc_neg');
    return [join(ctx, half(mPos, mNeg), b.op('Mul', [b.op('Sub', [mPos, mNeg]), b.scalar(0.5)]), shape), ...node.inputs.slice(1).map(() => undefined)];
  };
}

const NEAR_ZERO = 1e-7;

/** kundajelab's pseudocount_near_zero: t + 1e-7 sign(t) where |t| < 5e-8, sign(0) = +1. */
function pseudocount(b: GraphBuilder, t: string): string {
  const small = b.op('Less', [b.op('Abs', [t]), b.scalar(NEAR_ZERO / 2)]);
  const step = b.op('Where', [b.op('GreaterOrEqual', [t, b.scalar(0)]), b.scalar(NEAR_ZERO), b.scalar(-NEAR_ZERO)]);
  return b.op('Where', [small, b.op('Add', [t, step]), t], {}, 'dl_pc');
}
