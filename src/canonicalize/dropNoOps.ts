/** Dropout (at inference) and Identity compute nothing; removing them keeps layer lists and backward lean. */
import { type IRGraph, renameTensor } from '../onnx/ir';

const NO_OPS = new Set(['Dropout', 'Identity']);

export function dropNoOps(g: IRGraph): string | undefined {
  const dropped = g.nodes.filter((n) => n.domain === '' && NO_OPS.has(n.opType));
  for (const n of dropped) {
    g.nodes = g.nodes.filter((m) => m !== n);
    const out = n.outputs[0];
    const isGraphOutput = g.outputs.some((o) => o.name === out);
    // Keep the name the user sees at the graph's output: rename the producer's tensor instead.
    if (isGraphOutput) {
      const producer = g.nodes.find((m) => m.outputs.includes(n.inputs[0]));
      if (producer && !g.outputs.some((o) => o.name === n.inputs[0])) {
        producer.outputs = producer.outputs.map((o) => (o === n.inputs[0] ? out : o));
        renameTensor(g, n.inputs[0], out);
        continue;
      }
    }
    renameTensor(g, out, n.inputs[0]);
  }
  return dropped.length ? `Removed ${dropped.length} Dropout/Identity node(s).` : undefined;
}

/**
 * The names a user may give (from Netron) that loading removes with the no-op nodes: a Dropout's or
 * Identity's output and node name, each mapped to the tensor it equals. Read before any pass runs.
 */
export function noOpAliases(g: IRGraph): Map<string, string> {
  const out = new Map<string, string>();
  for (const n of g.nodes) {
    if (n.domain !== '' || !NO_OPS.has(n.opType) || !n.inputs[0] || !n.outputs[0]) continue;
    out.set(n.outputs[0], n.inputs[0]);
    if (n.name) out.set(n.name, n.inputs[0]);
  }
  return out;
}
