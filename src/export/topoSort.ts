/**
 * Nodes in an order where every tensor is made before it is read, as ONNX requires: the export interleaves
 * its own nodes with the compiled graph's (the seed is made from the forward's scores and read by the backward).
 */
import { ExplainError } from '../errors';
import type { IRNode } from '../onnx/ir';

export function topoSort(nodes: IRNode[], given: Iterable<string>): IRNode[] {
  const ready = new Set(['', ...given]);
  const waiting = new Map<string, IRNode[]>();
  const missing = new Map<IRNode, number>();
  const out: IRNode[] = [];
  const queue: IRNode[] = [];
  for (const n of nodes) {
    const needs = [...new Set(n.inputs.filter((i) => !ready.has(i)))];
    missing.set(n, needs.length);
    for (const i of needs) waiting.set(i, [...(waiting.get(i) ?? []), n]);
    if (needs.length === 0) queue.push(n);
  }
  for (let k = 0; k < queue.length; k++) {
    const n = queue[k];
    out.push(n);
    for (const o of n.outputs) {
      if (!o || ready.has(o)) continue;
      ready.add(o);
      for (const m of waiting.get(o) ?? []) {
        const left = missing.get(m)! - 1;
        missing.set(m, left);
        if (left === 0) queue.push(m);
      }
    }
  }
  if (out.length !== nodes.length) {
    const stuck = nodes.find((n) => missing.get(n)! > 0)!;
    throw new ExplainError('INTERNAL', `The exported graph has a cycle or an unmade tensor: node "${stuck.name}" reads ${stuck.inputs.filter((i) => !ready.has(i)).join(', ')}.`);
  }
  return out;
}
