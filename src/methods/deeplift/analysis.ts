/**
 * Which rule each node of the path gets, and where the two rows of a signal can differ.
 *
 * RevealCancel needs, for the tensor z entering a nonlinearity, a split of its difference Dz = P + N into a
 * positive and a negative part, and sends back separate multipliers (M+, M-) for them. Following the
 * original DeepLIFT (kundajelab layers/core.py), a tensor's split is
 *  - "derived" when it comes out of a linear layer with constant weights (Conv, Gemm, MatMul): P = W+ D+ +
 *    W- D-, N = W- D+ + W+ D- from the sign of the layer's input difference D, bias excluded; and when it
 *    comes out of a linear op (reshapes, average pools, constant scale, shift or padding) applied to a
 *    derived split, which maps P and N separately;
 *  - its own sign split otherwise (P = max(Dz, 0), N = min(Dz, 0)): the input, activations, max-pools,
 *    Concat, residual sums.
 * Only a derived tensor can carry a split signal (M+ and M-, pairs.ts), and only if some consumer sends one
 * (a RevealCancel nonlinearity, or a linear map whose output carries one): mayBeSplit. A split signal bound
 * for a sign-split tensor is collapsed to one multiplier on the way (pairs.collapse), and the linear layer
 * that made a derived tensor turns M+, M- back into one multiplier for its own input (linear.ts). So the
 * input, and every tensor without RevealCancel downstream, gets one multiplier.
 *
 * Where the original propagates a nonlinearity's own P and N onwards (a Rescale or RevealCancel unit feeding
 * another nonlinearity with no linear layer between), the second one sees the sign split of its input here;
 * either way the contributions add up to the difference.
 */
import { ExplainError } from '../../errors';
import type { IRNode } from '../../onnx/ir';
import type { PathInfo } from '../../compile/compile';
import type { DeepLiftRule, MethodParams } from '../../protocol';

/** Elementwise nonlinearities, each with Rescale or RevealCancel (both need only f itself). */
export const ACTIVATIONS = new Set([
  'Relu', 'LeakyRelu', 'PRelu', 'Sigmoid', 'Tanh', 'Clip', 'Erf', 'HardSwish', 'HardSigmoid', 'Softplus', 'Gelu', 'Elu', 'Selu', 'Mish',
  'Abs', 'Exp', 'Log', 'Sqrt', 'Reciprocal', 'Pow', 'Round',
]);
/**
 * Ops linear in their one image-dependent input (affine with the constants): their ordinary backward is
 * DeepLIFT's exact multiplier rule, m_in = W^T m, as the bias cancels in the difference.
 */
export const LINEAR = new Set([
  'Conv', 'Gemm', 'MatMul', 'Einsum', 'Add', 'Sub', 'Mul', 'Div', 'Neg', 'Cast', 'AveragePool', 'GlobalAveragePool', 'ReduceMean', 'ReduceSum',
  'Identity', 'Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Transpose', 'Concat', 'Split', 'Slice', 'Gather', 'Pad', 'Expand', 'Tile',
  'DepthToSpace', 'SpaceToDepth', 'Resize', 'BatchNormalization',
]);
export const WEIGHTED = new Set(['Conv', 'Gemm', 'MatMul']);
const SHAPE_OPS = new Set(['Reshape', 'Flatten', 'Squeeze', 'Unsqueeze']);
const LINEAR_MAPS = new Set([...SHAPE_OPS, 'Transpose', 'AveragePool', 'GlobalAveragePool', 'Pad']);
const AFFINE = new Set(['Add', 'Sub', 'Mul', 'Div']);

export interface Analysis {
  onPath(t: string): boolean;
  producer(t: string): IRNode | undefined;
  /** The rule of a nonlinearity (ACTIVATIONS). */
  ruleOf(n: IRNode): DeepLiftRule;
  /** A linear layer whose output split is derived from its input's sign (and whose weights are input 1). */
  signAware(n: IRNode): boolean;
  /** An op that maps P and N separately: its one input on the path, or undefined. */
  linearMapInput(n: IRNode): string | undefined;
  /** Whether t's split is derived (see above) rather than its own sign split. */
  derived(t: string): boolean;
  /** Whether the signal arriving at t can have distinct rows. */
  mayBeSplit(t: string): boolean;
  /** Whether n's rule may send distinct rows to its inputs (before any collapse). */
  sendsSplit(n: IRNode): boolean;
}

export function analyse(path: PathInfo, params: MethodParams): Analysis {
  const tensors = new Set([path.input, ...path.nodes.flatMap((n) => n.outputs.filter((o) => o))]);
  const onPath = (t: string) => !!t && tensors.has(t);
  const producers = new Map<string, IRNode>();
  const consumers = new Map<string, IRNode[]>();
  for (const n of path.nodes) {
    for (const o of n.outputs) if (o) producers.set(o, n);
    for (const i of new Set(n.inputs)) if (onPath(i)) consumers.set(i, [...(consumers.get(i) ?? []), n]);
  }
  const signAware = (n: IRNode) =>
    WEIGHTED.has(n.opType) && onPath(n.inputs[0]) && !!n.inputs[1] && !onPath(n.inputs[1]) && !(n.inputs[2] && onPath(n.inputs[2]));
  const linearMapInput = (n: IRNode): string | undefined => {
    const live = n.inputs.filter(onPath);
    if (live.length !== 1) return undefined;
    if (LINEAR_MAPS.has(n.opType)) return live[0] === n.inputs[0] ? live[0] : undefined;
    // x + c, x - c, c - x, x * c, c * x, x / c: constants do not move P and N between each other.
    if (AFFINE.has(n.opType)) return n.opType === 'Div' && live[0] !== n.inputs[0] ? undefined : live[0];
    return undefined;
  };
  const derivedMemo = new Map<string, boolean>();
  const derived = (t: string): boolean => {
    let v = derivedMemo.get(t);
    if (v === undefined) {
      const p = producers.get(t);
      const through = p && linearMapInput(p);
      v = !!p && (signAware(p) || (!!through && derived(through)));
      derivedMemo.set(t, v);
    }
    return v;
  };

  const mode = params.deepliftRevealCancel ?? 'all';
  if (mode !== 'all' && mode !== 'dense') throw new ExplainError('BAD_ARGUMENT', `deepliftRevealCancel must be all or dense (got "${mode}").`);
  const base: DeepLiftRule = params.deeplift ?? 'rescale';
  checkRule(base, 'deeplift');
  for (const [k, r] of Object.entries(params.deepliftRules ?? {})) checkRule(r, `deepliftRules["${k}"]`);
  const rules = new Map<IRNode, DeepLiftRule>();
  for (const n of path.nodes) {
    if (!ACTIVATIONS.has(n.opType)) continue;
    const user = params.deepliftRules?.[n.name] ?? params.deepliftRules?.[n.outputs[0]] ?? params.deepliftRules?.[n.opType];
    let rule = base;
    if (rule === 'revealcancel' && mode === 'dense') {
      // kundajelab's genomics default: RevealCancel after dense layers, Rescale after convolutions.
      let p = producers.get(n.inputs[0]);
      while (p && !WEIGHTED.has(p.opType) && linearMapInput(p)) p = producers.get(linearMapInput(p)!);
      rule = p && (p.opType === 'Gemm' || p.opType === 'MatMul') ? 'revealcancel' : 'rescale';
    }
    rules.set(n, user ?? rule);
  }
  const ruleOf = (n: IRNode) => rules.get(n) ?? 'rescale';

  const splitMemo = new Map<string, boolean>();
  const sendsSplit = (n: IRNode): boolean => {
    if (ACTIVATIONS.has(n.opType)) return ruleOf(n) === 'revealcancel';
    return !!linearMapInput(n) && mayBeSplit(n.outputs[0]);
  };
  const mayBeSplit = (t: string): boolean => {
    let v = splitMemo.get(t);
    if (v === undefined) {
      v = derived(t) && (consumers.get(t) ?? []).some(sendsSplit);
      splitMemo.set(t, v);
    }
    return v;
  };
  return { onPath, producer: (t) => producers.get(t), ruleOf, signAware, linearMapInput, derived, mayBeSplit, sendsSplit };
}

function checkRule(r: string, what: string): void {
  if (r !== 'rescale' && r !== 'revealcancel') throw new ExplainError('BAD_ARGUMENT', `${what} must be rescale or revealcancel (got "${r}").`);
}
