import type { IRGraph } from '../onnx/ir';

/** Tensors computed from the graph input: everything whose value depends on the image. */
export function forwardReachable(g: IRGraph): Set<string> {
  const seen = new Set<string>(g.inputs.map((i) => i.name));
  for (const n of g.nodes) if (n.inputs.some((i) => seen.has(i))) for (const o of n.outputs) if (o) seen.add(o);
  return seen;
}
