/**
 * A model file described for the model inspector straight from its protobuf: inputs, outputs, opset, producer,
 * parameter count and size, op histogram and the graph from the image to the outputs. Nothing is converted:
 * protobufjs hands weights out as views into the file's buffer, and only their lengths are read, so ResNet-50's
 * 100 MB is described without a float being touched (the engine's decoder copies and converts every tensor).
 */
import { onnx } from 'onnx-proto';
import { pathNodes } from '../compile/path';
import { parseModel } from '../onnx/decode';
import type { IRGraph, IRNode } from '../onnx/ir';
import type { ModelStructure, StructureNode, ValueSummary } from '../protocol';

const DT = onnx.TensorProto.DataType;

type Long = { toNumber(): number } | number;
const num = (v: Long | null | undefined): number => (v == null ? 0 : typeof v === 'number' ? v : v.toNumber());

/** Bytes per value of the types a weight is stored in; strings and unknown types count as none. */
const VALUE_BYTES: Partial<Record<number, number>> = {
  [DT.FLOAT]: 4, [DT.FLOAT16]: 2, [DT.BFLOAT16]: 2, [DT.DOUBLE]: 8, [DT.INT64]: 8, [DT.UINT64]: 8, [DT.INT32]: 4, [DT.UINT32]: 4,
  [DT.INT16]: 2, [DT.UINT16]: 2, [DT.INT8]: 1, [DT.UINT8]: 1, [DT.BOOL]: 1,
};

export function modelStructure(bytes: Uint8Array, modelPath: string): ModelStructure {
  const { model, graph: g } = parseModel(bytes, modelPath);
  const defaultOpset = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  const initNames = new Set((g.initializer ?? []).map((t) => t.name ?? ''));
  const producer = [model.producerName, model.producerVersion].filter((s) => s).join(' ');
  const nodes = g.node.map(irNode);
  const inputs = (g.input ?? []).filter((v) => !initNames.has(v.name ?? '')).map(valueSummary);
  const outputs = g.output.map(valueSummary);
  return {
    modelPath,
    opset: defaultOpset ? num(defaultOpset.version as Long) : 1,
    ...(producer && { producer }),
    inputs,
    outputs,
    parameters: parameters(g),
    ops: histogram(nodes),
    graph: imageGraph(nodes, inputs[0]?.name, outputs.map((o) => o.name)),
  };
}

function irNode(n: onnx.INodeProto, i: number): IRNode {
  const domain = n.domain === 'ai.onnx' ? '' : n.domain || '';
  return { name: n.name || `${n.opType}_${i}`, opType: n.opType ?? '', domain, inputs: [...(n.input ?? [])], outputs: [...(n.output ?? [])], attrs: {} };
}

function opName(n: IRNode): string {
  return n.domain ? `${n.domain}.${n.opType}` : n.opType;
}

function valueSummary(v: onnx.IValueInfoProto): ValueSummary {
  const tt = v.type?.tensorType;
  const dims = (tt?.shape?.dim ?? []).map((d) => (d.dimParam ? d.dimParam : d.dimValue != null && num(d.dimValue as Long) > 0 ? num(d.dimValue as Long) : '?'));
  const type = !v.type || tt ? (DT[tt?.elemType ?? DT.FLOAT] ?? 'unknown').toLowerCase() : 'non-tensor (sequence or map)';
  return { name: v.name ?? '', type, dims };
}

function parameters(g: onnx.IGraphProto): ModelStructure['parameters'] {
  const tensors = [...(g.initializer ?? []), ...(g.node ?? []).filter((n) => n.opType === 'Constant' && !n.domain).flatMap((n) => (n.attribute ?? []).flatMap((a) => (a.t ? [a.t] : [])))];
  let values = 0;
  let bytes = 0;
  for (const t of tensors) {
    const count = (t.dims ?? []).reduce((a: number, d) => a * num(d as Long), 1);
    values += count;
    const external = new Map((t.externalData ?? []).map((e) => [e.key ?? '', e.value ?? '']));
    bytes += external.has('length') ? Number(external.get('length')) : t.rawData?.length ? t.rawData.length : count * (VALUE_BYTES[t.dataType ?? DT.FLOAT] ?? 0);
  }
  return { tensors: tensors.length, values, bytes };
}

function histogram(nodes: IRNode[]): ModelStructure['ops'] {
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(opName(n), (counts.get(opName(n)) ?? 0) + 1);
  return [...counts].map(([op, count]) => ({ op, count })).sort((a, b) => b.count - a.count || a.op.localeCompare(b.op));
}

/** The nodes on the way from the image input to any output (as the compiler's path has them), and their edges. */
function imageGraph(all: IRNode[], input: string | undefined, outputs: string[]): ModelStructure['graph'] {
  const g = { nodes: all } as IRGraph;
  const kept = new Set<IRNode>();
  for (const o of outputs) {
    if (input === undefined) break;
    try {
      for (const n of pathNodes(g, input, o)) kept.add(n);
    } catch {
      // An output that does not depend on the image (a constant, a shape) has no path to draw.
    }
  }
  const ordered = all.filter((n) => kept.has(n));
  const index = new Map<string, number>();
  ordered.forEach((n, i) => n.outputs.forEach((o) => o && index.set(o, i)));
  const edges: [number, number][] = [];
  ordered.forEach((n, i) => {
    for (const from of new Set(n.inputs.map((t) => index.get(t)).filter((j): j is number => j !== undefined))) edges.push([from, i]);
  });
  const nodes = ordered.map((n): StructureNode => ({ name: n.name, op: opName(n), outputs: n.outputs.filter((o) => o) }));
  return { nodes, edges };
}
