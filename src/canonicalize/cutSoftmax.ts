/**
 * Attribution methods explain the pre-softmax score: a softmax output couples every class, saturates,
 * and breaks conservation. A trailing Softmax/LogSoftmax is removed and the result says so.
 */
import { type IRGraph, type IRNode, producers } from '../onnx/ir';

const PASS_THROUGH = new Set(['Identity', 'Dropout']);

export function cutTrailingSoftmax(g: IRGraph): string | undefined {
  const made = producers(g);
  const out = g.outputs[0];
  const passed: IRNode[] = [];
  let node = made.get(out.name);
  while (node && PASS_THROUGH.has(node.opType)) {
    passed.push(node);
    node = made.get(node.inputs[0]);
  }
  if (!node || (node.opType !== 'Softmax' && node.opType !== 'LogSoftmax')) return undefined;
  const logits = node.inputs[0];
  const cut = node;
  // The Identity/Dropout nodes behind the softmax go too: they would read a tensor nobody computes any more.
  const removed = new Set([cut, ...passed]);
  g.nodes = g.nodes.filter((n) => !removed.has(n));
  out.name = logits;
  return `The model ends in ${cut.opType} (${cut.name}); the pre-softmax score "${logits}" is explained, and probabilities are computed from it.`;
}
