/**
 * Einsum of two operands without ellipsis or repeated letters within a term (batched matrix products
 * "bhid,bhjd->bhij", "bij,bjk->bik", with either side transposed, or a contraction with a weight): linear in
 * each operand, so each one's signal is the Einsum of the output's signal with the other operand, written
 * with the operand's own letters as the output, "out,other->mine". Both operands may come from the image
 * (attention's QK^T): each gets its term of the product rule. Other equations are refused by name.
 */
import { ExplainError } from '../errors';
import { A } from '../compile/builder';
import { attrString } from '../onnx/ir';
import type { OpBackward } from './rule';

/** The terms of a two-operand equation, the output's made explicit (its letters seen once, sorted). */
export function einsumTerms(equation: string, name: string): [string, string, string] {
  const eq = equation.replace(/\s+/g, '');
  const refuse = (why: string) =>
    new ExplainError('UNSUPPORTED_OP', `Einsum ${name} has equation "${equation}" (${why}); supported: two operands, letters only, no letter twice within an operand, every letter of an operand in the output or the other operand.`);
  const [lhs, given] = eq.split('->');
  const operands = lhs.split(',');
  if (operands.length !== 2) throw refuse(`${operands.length} operand(s)`);
  if (eq.includes('.')) throw refuse('ellipsis');
  const terms = [...operands, ...(given !== undefined ? [given] : [])];
  if (!terms.every((t) => /^[a-zA-Z]*$/.test(t))) throw refuse('characters other than letters');
  if (terms.some((t) => new Set(t).size !== t.length)) throw refuse('a letter twice in one term');
  const [a, b] = operands;
  const out = given ?? [...new Set(a + b)].filter((c) => (a + b).split(c).length === 2).sort().join('');
  for (const [mine, other] of [[a, b], [b, a]]) {
    if ([...mine].some((c) => !out.includes(c) && !other.includes(c))) throw refuse(`a letter of "${mine}" summed over by itself`);
  }
  return [a, b, out];
}

export const Einsum: OpBackward = {
  opType: 'Einsum',
  backward(node, g, ctx) {
    const [a, b, out] = einsumTerms(attrString(node, 'equation', ''), node.name);
    const [x, y] = node.inputs;
    for (const [t, term] of [[x, a], [y, b]]) {
      const axis = ctx.needsGrad(t) ? ctx.freeShape(t).indexOf(-1) : -1;
      if (axis >= 0 && !out.includes(term[axis])) {
        throw new ExplainError('UNSUPPORTED_OP', `Einsum ${node.name} (equation "${attrString(node, 'equation', '')}") sums over the batch axis, which mixes the images of a batch; only per-image products can be explained.`);
      }
    }
    const grad = (other: string, otherTerm: string, mine: string) => ctx.b.op('Einsum', [g, other], { equation: A.str(`${out},${otherTerm}->${mine}`) });
    return [ctx.needsGrad(x) ? grad(y, b, a) : undefined, ctx.needsGrad(y) ? grad(x, a, b) : undefined];
  },
};
