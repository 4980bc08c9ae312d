/**
 * If, Loop and Scan run subgraphs, which loading does not keep (decode drops graph-valued attributes) and no
 * backward rule covers: refused by name here, before a later pass hands onnxruntime a node without its
 * branches and fails with onnxruntime's words.
 */
import { ExplainError } from '../errors';
import type { IRGraph } from '../onnx/ir';

const SUBGRAPH_OPS = new Set(['If', 'Loop', 'Scan']);

export function refuseSubgraphs(g: IRGraph): void {
  const n = g.nodes.find((x) => x.domain === '' && SUBGRAPH_OPS.has(x.opType));
  if (n) throw new ExplainError('UNSUPPORTED_OP', `${n.opType} (node "${n.name}") runs a subgraph, which the compiler cannot differentiate.`);
}
