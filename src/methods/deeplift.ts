/**
 * DeepLIFT (Shrikumar et al. 2017): explains f(x) - f(x0), the score's difference from a reference input x0
 * (any baseline; zeros by default), by passing multipliers m = d(contribution)/d(difference) down the graph.
 * The input and the reference run through the compiled graph together as one paired batch (deeplift/pairs.ts),
 * so every backward rule reads both activations. The attribution is (x - x0) * m at the input; it sums to
 * f(x) - f(x0), and so does every layer that all paths from the input to the score cross: the relevance of a
 * layer is m * (a(x) - a(x0)), and each rule below conserves it.
 *
 * Rules (one file each in deeplift/):
 *  - Linear: every linear op (Conv, Gemm, MatMul, pools by average, reshapes, Pad, Concat, residual Add,
 *    constant scale and shift) takes its ordinary backward: m_in = W^T m. Exact, since the bias cancels.
 *  - Rescale (rescale.ts) on every elementwise nonlinearity (ReLU, LeakyRelu, PRelu, Sigmoid, Tanh, Clip, Erf,
 *    HardSwish, HardSigmoid, Softplus, GELU, ELU): m_z = m_y (y - y0)/(z - z0).
 *  - RevealCancel (revealCancel.ts, linear.ts, contributions.ts): positive and negative parts of a difference
 *    with multipliers of their own, so that cancelling inputs each keep a share.
 *  - MaxPool (maxPool.ts): the difference routed to argmax(x) and argmax(x0) with scatter-add, exact with
 *    overlapping windows ('delta'), or the gradient ('gradient').
 *  - The product of two image-dependent tensors, elementwise or MatMul (product.ts): m_a = m (c + c0)/2, the
 *    two-player Shapley split, exact.
 *  - Softmax (softmax.ts) and LayerNormalization (layerNorm.ts): written as exp, sums, centering, products
 *    and reciprocals, each with the exact rule above, so they conserve too.
 * A Div by an image-dependent tensor has no exact rule and is refused.
 *
 * The graph is compiled `paired`: signals have one row per pair (the multiplier), except between a
 * RevealCancel nonlinearity and the linear layer before it (deeplift/pairs.ts); the input's multiplier and the
 * layers' relevance m (a(x) - a(x0)) ('signal-x-delta') leave on the pair's first row.
 */
import { ExplainError } from '../errors';
import type { PathInfo } from '../compile/compile';
import type { IRNode } from '../onnx/ir';
import { BACKWARD } from '../ops';
import type { BackwardRule } from '../ops/rule';
import type { MethodParams } from '../protocol';
import type { GraphVariant, Method } from './method';
import { ACTIVATIONS, type Analysis, LINEAR, analyse } from './deeplift/analysis';
import { noRelevanceRule } from './noRelevanceRule';
import { spread } from './deeplift/contributions';
import { signAwareLinear } from './deeplift/linear';
import { type MaxPoolMode, maxPool } from './deeplift/maxPool';
import { collapse, diff, rows, widen } from './deeplift/pairs';
import { matmulProduct, product } from './deeplift/product';
import { rescale } from './deeplift/rescale';
import { revealCancel } from './deeplift/revealCancel';
import { softmax } from './deeplift/softmax';
import { layerNorm } from './deeplift/layerNorm';

export const deeplift: Method = {
  name: 'deeplift',
  title: 'DeepLIFT',
  description: 'Differences from a baseline passed down with multipliers (Rescale or RevealCancel): sums exactly to f(x) - f(baseline).',
  defaults: { deeplift: 'rescale', deepliftMaxPool: 'delta', baseline: { kind: 'zero' } },
  graph: (params) => deepliftGraph(params),
  layerQuantity: 'relevance',
  async run(ctx) {
    const base = await ctx.baseline();
    const x = ctx.input.data;
    const x0 = base.tensor.data;
    const pass = await ctx.run(2, (i) => (i === 0 ? x : x0), () => 1, { group: 2 });
    const [fx, fx0] = pass.scores;
    const relevance = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) relevance[i] = pass.signal[i] * (x[i] - x0[i]);
    const rule = ctx.params.deeplift ?? 'rescale';
    const pool = ctx.params.deepliftMaxPool ?? 'delta';
    return {
      relevance,
      pass,
      delta: { baselineScore: fx0, expected: fx - fx0 },
      conserves: fx - fx0,
      notes: [
        `Reference: ${base.description}.`,
        `${rule === 'revealcancel' ? `RevealCancel (${ctx.params.deepliftRevealCancel ?? 'all'})` : 'Rescale'} on nonlinearities; max-pool rule: ${pool}${pool === 'gradient' ? ' (does not sum exactly to the difference)' : ''}.`,
      ],
    };
  },
};

export function deepliftGraph(params: MethodParams): GraphVariant {
  const { deeplift: rule, deepliftMaxPool, deepliftRevealCancel, deepliftRules } = params;
  const pool: MaxPoolMode = deepliftMaxPool ?? 'delta';
  if (pool !== 'delta' && pool !== 'gradient') throw new ExplainError('BAD_ARGUMENT', `deepliftMaxPool must be delta or gradient (got "${pool}").`);
  const analyses = new WeakMap<PathInfo, Analysis>();
  const analysis = (path: PathInfo) => {
    let a = analyses.get(path);
    if (!a) analyses.set(path, (a = analyse(path, params)));
    return a;
  };
  return {
    key: `deeplift:${JSON.stringify({ rule, pool, deepliftRevealCancel, deepliftRules })}`,
    options: {
      layerQuantity: 'signal-x-delta',
      paired: true,
      override: (node, path) => ruleFor(node, analysis(path), pool),
      // Where a layer's signal is split (S, T), its relevance is M+ P + M- N = S D + T A.
      layerRelevance: (node, g, ctx, path) => {
        const a = analysis(path);
        const t = node.outputs[0];
        if (!a.mayBeSplit(t)) return undefined;
        const shape = ctx.shape(t);
        const [s, tt] = rows(ctx, g, shape);
        return ctx.b.op('Add', [ctx.b.op('Mul', [s, diff(ctx, t, shape)]), ctx.b.op('Mul', [tt, spread(ctx, t, a)])]);
      },
    },
  };
}

/**
 * Every signal arriving at a tensor has the same layout: split where the tensor may carry split multipliers
 * (analysis.mayBeSplit), one multiplier otherwise. A split signal bound for a tensor whose parts are its own
 * sign split is collapsed on the way; a multiplier bound for a split tensor is widened (M+ = M- = m).
 */
function ruleFor(node: IRNode, a: Analysis, pool: MaxPoolMode): BackwardRule | undefined {
  const rule = ownRule(node, a, pool);
  const sends = a.sendsSplit(node);
  const adapt = node.inputs.map((t) => a.onPath(t) && (sends ? !a.derived(t) : a.mayBeSplit(t)));
  if (!adapt.some((x) => x)) return rule;
  const base = rule ?? (node.domain === '' ? BACKWARD.get(node.opType) : undefined);
  if (!base) return undefined;
  return (n, g, ctx, gradOuts) =>
    base(n, g, ctx, gradOuts).map((s, i) => {
      if (!s || !adapt[i]) return s;
      const t = n.inputs[i];
      return sends ? collapse(ctx, s, t, ctx.shape(t)) : widen(ctx, s, ctx.shape(t));
    });
}

function ownRule(node: IRNode, a: Analysis, pool: MaxPoolMode): BackwardRule | undefined {
  if (node.domain !== '') throw noRelevanceRule('DeepLIFT', node);
  if (ACTIVATIONS.has(node.opType)) return a.ruleOf(node) === 'revealcancel' ? revealCancel(a) : rescale;
  if (node.opType === 'MaxPool' || node.opType === 'GlobalMaxPool') return maxPool(pool);
  if (node.opType === 'Softmax') return softmax;
  if (node.opType === 'LayerNormalization') return layerNorm;
  if (node.opType === 'Mul' && a.onPath(node.inputs[0]) && a.onPath(node.inputs[1])) return product;
  if (node.opType === 'MatMul' && a.onPath(node.inputs[0]) && a.onPath(node.inputs[1])) return matmulProduct;
  if (node.opType === 'Div' && a.onPath(node.inputs[1])) {
    throw new ExplainError('UNSUPPORTED_OP', `DeepLIFT has no exact rule for Div ${node.name}, whose divisor depends on the image.`);
  }
  if (a.signAware(node) && a.mayBeSplit(node.outputs[0])) return signAwareLinear;
  // Linear in one input: the ordinary backward is exact. Anything else (two image-dependent operands of an
  // op with no product rule, a normalization over other axes, LogSoftmax...) has no rule here, and its
  // gradient standing in would break summation-to-delta without a word.
  const live = node.inputs.filter((i) => a.onPath(i)).length;
  if (LINEAR.has(node.opType) && (live === 1 || node.opType === 'Add' || node.opType === 'Sub' || node.opType === 'Concat')) return undefined;
  throw noRelevanceRule('DeepLIFT', node, live > 1 ? 'no rule for two image-dependent operands' : 'no exact rule');
}
