/**
 * Two-operand Einsums that are batched matrix products ("bhid,bhjd->bhij", "bhij,bhjd->bhid", "btc,dc->btd")
 * rewritten as Transpose -> MatMul -> Transpose, the same numbers: the methods' rules for MatMul (LRP's and
 * DeepLIFT's product rules for two image-dependent factors, LRP's linear rules for a weight) then apply, which
 * an Einsum node would only get the gradient for. One contracted letter, one free letter of the second
 * operand, its other letters shared with the first; anything else stays an Einsum (its own backward rule).
 */
import { ExplainError } from '../errors';
import { type IRGraph, type IRNode, attrString } from '../onnx/ir';
import { einsumTerms } from '../ops/Einsum';

/** The permutation that reorders `from`'s letters as `to`. */
const perm = (from: string, to: string) => [...to].map((c) => from.indexOf(c));
const isIdentity = (p: number[]) => p.every((v, i) => v === i);

/** The operands' letter orders for MatMul, and the product's, or undefined when it is not a matrix product. */
export function asMatMul(a: string, b: string, out: string): { a: string; b: string; product: string } | undefined {
  const contracted = [...a].filter((c) => b.includes(c) && !out.includes(c));
  const bFree = [...b].filter((c) => !a.includes(c));
  const shared = [...a].filter((c) => b.includes(c) && out.includes(c));
  const aFree = [...a].filter((c) => !b.includes(c));
  if (contracted.length !== 1 || bFree.length !== 1 || aFree.length < 1) return undefined;
  const [k, n, m] = [contracted[0], bFree[0], aFree[aFree.length - 1]];
  // MatMul broadcasts missing leading dims: the first operand's extra letters go before the shared ones.
  const lead = [...aFree.slice(0, -1), ...shared].join('');
  return { a: lead + m + k, b: shared.join('') + k + n, product: lead + m + n };
}

export function einsumAsMatMul(g: IRGraph): string | undefined {
  let count = 0;
  const nodes: IRNode[] = [];
  for (const n of g.nodes) {
    let terms: [string, string, string] | undefined;
    try {
      terms = n.opType === 'Einsum' && n.domain === '' && n.inputs.length === 2 ? einsumTerms(attrString(n, 'equation', ''), n.name) : undefined;
    } catch (e) {
      if (!(e instanceof ExplainError)) throw e;
    }
    const plan = terms && asMatMul(...terms);
    if (!terms || !plan) {
      nodes.push(n);
      continue;
    }
    const [a, b, out] = terms;
    const step = (opType: string, inputs: string[], hint: string, p?: number[], output?: string): string => {
      const o = output ?? `${n.name}_${hint}`;
      nodes.push({ name: `${n.name}_${hint}`, opType, domain: '', inputs, outputs: [o], attrs: p ? { perm: { type: 'ints', value: p } } : {} });
      return o;
    };
    const arrange = (t: string, from: string, to: string, hint: string) => (isIdentity(perm(from, to)) ? t : step('Transpose', [t], hint, perm(from, to)));
    const back = perm(plan.product, out);
    const product = step('MatMul', [arrange(n.inputs[0], a, plan.a, 'lhs'), arrange(n.inputs[1], b, plan.b, 'rhs')], 'matmul', undefined, isIdentity(back) ? n.outputs[0] : undefined);
    if (!isIdentity(back)) step('Transpose', [product], 'out', back, n.outputs[0]);
    count++;
  }
  g.nodes = nodes;
  return count ? `Rewrote ${count} Einsum(s) as MatMul with Transposes.` : undefined;
}
