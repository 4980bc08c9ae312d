import { ExplainError } from '../errors';
import type { IRGraph, IRNode } from '../onnx/ir';

/** Ops whose output depends only on the input's shape, not its values: no signal flows through them. */
const SHAPE_ONLY = new Set(['Shape', 'Size']);

/**
 * Nodes that both depend on the input's values and feed the output, in graph order: the only nodes the
 * backward pass visits, and the layers a result reports. Shape arithmetic (PyTorch's
 * `x.view(x.size(0), -1)`: Shape -> Gather -> Concat -> Reshape) is not on the path.
 */
export function pathNodes(g: IRGraph, input: string, output: string): IRNode[] {
  const fromInput = new Set([input]);
  for (const n of g.nodes) {
    if (SHAPE_ONLY.has(n.opType)) continue;
    if (n.inputs.some((i) => fromInput.has(i))) for (const o of n.outputs) if (o) fromInput.add(o);
  }
  if (!fromInput.has(output)) throw new ExplainError('UNSUPPORTED_MODEL', `The model's output "${output}" does not depend on its input "${input}".`);
  const toOutput = new Set([output]);
  for (const n of [...g.nodes].reverse()) if (n.outputs.some((o) => toOutput.has(o))) for (const i of n.inputs) if (i) toOutput.add(i);
  return g.nodes.filter((n) => n.outputs.some((o) => o && fromInput.has(o) && toOutput.has(o)));
}
