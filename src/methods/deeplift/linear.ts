/**
 * DeepLIFT's Linear rule where the layer's output carries separate multipliers M+, M- for its positive and
 * negative parts (a RevealCancel nonlinearity follows). With P = W+ D+ + W- D- and N = W- D+ + W+ D-
 * (contributions.ts), each input i took part in P or in N according to the sign of its own difference D_i,
 * so (kundajelab layers/core.py, Dense):
 *
 *   m_i = W+^T M+ + W-^T M-     where D_i > 0
 *   m_i = W-^T M+ + W+^T M-     where D_i < 0
 *   m_i = W^T (M+ + M-) / 2     where D_i = 0
 *
 * one multiplier per input, and sum_i m_i D_i = sum_j M+_j P_j + M-_j N_j: the layer conserves. In the rows
 * S = (M+ + M-)/2, T = (M+ - M-)/2 of the signal (pairs.ts), since W+ + W- = W and W+ - W- = |W|, this is
 *
 *   m = W^T S + sign(D) |W|^T T
 *
 * two backward passes of the layer, one with W and one with |W|. With M+ = M- (T = 0) it is the ordinary
 * backward W^T m, which layers whose output never carries split multipliers use directly.
 */
import { BACKWARD } from '../../ops';
import type { BackwardRule } from '../../ops/rule';
import { absWeight } from './contributions';
import { diff, rows } from './pairs';

export const signAwareLinear: BackwardRule = (node, g, ctx) => {
  const b = ctx.b;
  const x = node.inputs[0];
  const [s, t] = rows(ctx, g, ctx.shape(node.outputs[0]));
  const back = (signal: string, w: string) => BACKWARD.get(node.opType)!({ ...node, inputs: [x, w], attrs: { ...node.attrs } }, signal, ctx)[0]!;
  const shared = back(s, node.inputs[1]);
  const spread = back(t, absWeight(ctx, node));
  const m = b.op('Add', [shared, b.op('Mul', [b.op('Sign', [diff(ctx, x, ctx.shape(x))]), spread])], {}, 'dl_linear');
  return [m, ...node.inputs.slice(1).map(() => undefined)];
};
