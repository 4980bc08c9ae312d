/**
 * The nodes some output needs: the compiled graph computes every layer's record and the scores it was built
 * for; without --export-layers the records are dead weight onnxruntime would still run.
 */
import type { IRNode } from '../onnx/ir';

export function liveNodes(nodes: IRNode[], outputs: string[]): IRNode[] {
  const producer = new Map<string, IRNode>();
  for (const n of nodes) for (const o of n.outputs) if (o) producer.set(o, n);
  const live = new Set<IRNode>();
  const stack = [...outputs];
  while (stack.length) {
    const n = producer.get(stack.pop()!);
    if (!n || live.has(n)) continue;
    live.add(n);
    stack.push(...n.inputs.filter((i) => i));
  }
  return nodes.filter((n) => live.has(n));
}
