import { ExplainError } from '../errors';
import type { IRGraph, IRNode } from '../onnx/ir';

/**
 * Nodes that both depend on the input and feed the output, in graph order: the only nodes the backward
 * pass visits, and the layers a result reports.
 */
export function pathNodes(g: IRGraph, input: string, output: string): IRNode[] {
  const fromInput = new Set([input]);
  for (const n of g.nodes) if (n.inputs.some((i) => fromInput.has(i))) for (const o of n.outputs) if (o) fromInput.add(o);
  if (!fromInput.has(output)) throw new ExplainError('UNSUPPORTED_MODEL', `The model's output "${output}" does not depend on its input "${input}".`);
  const toOutput = new Set([output]);
  for (const n of [...g.nodes].reverse()) if (n.outputs.some((o) => toOutput.has(o))) for (const i of n.inputs) if (i) toOutput.add(i);
  return g.nodes.filter((n) => n.outputs.some((o) => o && fromInput.has(o) && toOutput.has(o)));
}
