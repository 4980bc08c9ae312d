/** z + eps * sign(z), with sign(0) = +1 (Zennit's convention), so no division by zero. */
import type { GraphBuilder } from '../../compile/builder';

export function stabilize(b: GraphBuilder, z: string, eps: number): string {
  const nonNegative = b.op('GreaterOrEqual', [z, b.scalar(0)]);
  return b.op('Where', [nonNegative, b.op('Add', [z, b.scalar(eps)]), b.op('Sub', [z, b.scalar(eps)])]);
}

/** R / stabilize(z): the signal a linear rule sends backwards. */
export function relevanceRatio(b: GraphBuilder, relevance: string, z: string, eps: number): string {
  return b.op('Div', [relevance, stabilize(b, z, eps)]);
}
