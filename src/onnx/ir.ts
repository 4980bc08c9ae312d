/**
 * The engine's in-memory form of an ONNX graph: plain objects that canonicalization passes and the
 * backward compiler can edit freely, decoupled from protobuf classes.
 */

export type TensorData = Float32Array | BigInt64Array | Int32Array | Uint8Array | Int8Array | Float64Array;
/** float64 only in graphs the engine writes (an exported explanation's input arithmetic); models are not read with it. */
export type ElemType = 'float32' | 'int64' | 'int32' | 'bool' | 'uint8' | 'int8' | 'float64';

export interface ConstTensor {
  type: ElemType;
  dims: number[];
  data: TensorData;
}

export type Attr =
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'ints'; value: number[] }
  | { type: 'floats'; value: number[] }
  | { type: 'string'; value: string }
  | { type: 'strings'; value: string[] }
  | { type: 'tensor'; value: ConstTensor };

export interface IRNode {
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, Attr>;
}

export interface ValueInfo {
  name: string;
  type: ElemType;
  /** A number for a fixed dimension, a string for a symbolic one. */
  dims: (number | string)[];
  /** False for a value that is not a tensor (a sequence or map, like ZipMap's output). */
  tensor?: false;
}

export interface IRGraph {
  name: string;
  opset: number;
  nodes: IRNode[];
  inits: Map<string, ConstTensor>;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  /** The model file's metadata_props (WinML's Image.* keys, class names...), as read; absent on built graphs. */
  metadata?: Record<string, string>;
  /** The tool that wrote the model file (producer_name and producer_version), as read; absent on built graphs. */
  producer?: string;
  /** The external data files the weights were read from, relative to the model's folder. */
  externalData?: string[];
}

export function floatTensor(data: Float32Array | number[], dims: number[]): ConstTensor {
  return { type: 'float32', dims, data: data instanceof Float32Array ? data : Float32Array.from(data) };
}

export function int64Tensor(values: number[], dims: number[] = [values.length]): ConstTensor {
  return { type: 'int64', dims, data: BigInt64Array.from(values.map((v) => BigInt(v))) };
}

export function tensorToNumbers(t: ConstTensor): number[] {
  return Array.from(t.data as ArrayLike<number | bigint>, (v) => Number(v));
}

export function sizeOf(dims: number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

export function attrInt(node: IRNode, name: string, fallback: number): number {
  const a = node.attrs[name];
  return a && (a.type === 'int' || a.type === 'float') ? a.value : fallback;
}

export function attrFloat(node: IRNode, name: string, fallback: number): number {
  return attrInt(node, name, fallback);
}

export function attrInts(node: IRNode, name: string): number[] | undefined {
  const a = node.attrs[name];
  return a && (a.type === 'ints' || a.type === 'floats') ? a.value : undefined;
}

export function attrString(node: IRNode, name: string, fallback: string): string {
  const a = node.attrs[name];
  return a && a.type === 'string' ? a.value : fallback;
}

export function cloneGraph(g: IRGraph): IRGraph {
  return {
    name: g.name,
    opset: g.opset,
    nodes: g.nodes.map((n) => ({ ...n, inputs: [...n.inputs], outputs: [...n.outputs], attrs: { ...n.attrs } })),
    inits: new Map(g.inits),
    inputs: g.inputs.map((v) => ({ ...v, dims: [...v.dims] })),
    outputs: g.outputs.map((v) => ({ ...v, dims: [...v.dims] })),
    // Absent stays absent: a cloned graph equals its original.
    ...(g.metadata && { metadata: g.metadata }),
    ...(g.producer && { producer: g.producer }),
    ...(g.externalData && { externalData: g.externalData }),
  };
}

/** Which nodes read each tensor. */
export function consumers(g: IRGraph): Map<string, IRNode[]> {
  const m = new Map<string, IRNode[]>();
  for (const n of g.nodes) {
    for (const i of n.inputs) {
      if (!i) continue;
      const list = m.get(i);
      if (list) list.push(n);
      else m.set(i, [n]);
    }
  }
  return m;
}

export function producers(g: IRGraph): Map<string, IRNode> {
  const m = new Map<string, IRNode>();
  for (const n of g.nodes) for (const o of n.outputs) if (o) m.set(o, n);
  return m;
}

/** Renames a tensor everywhere it is read (and where the graph exposes it as an output). */
export function renameTensor(g: IRGraph, from: string, to: string): void {
  for (const n of g.nodes) n.inputs = n.inputs.map((i) => (i === from ? to : i));
  for (const o of g.outputs) if (o.name === from) o.name = to;
}
