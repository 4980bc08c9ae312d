/**
 * ONNX protobuf -> IRGraph. Old-exporter habits are normalized here so later passes see one form:
 * fp16 becomes fp32 (the engine computes in fp32), `Constant` nodes become initializers, and
 * initializers that old opsets also list as graph inputs are not treated as inputs.
 */
import { onnx } from 'onnx-proto';
import { ExplainError } from '../errors';
import type { Attr, ConstTensor, ElemType, IRGraph, IRNode, ValueInfo } from './ir';
import { halfToFloat } from './half';
import { type ExternalDataReader, externalDataReader } from './externalData';

const DT = onnx.TensorProto.DataType;
const AT = onnx.AttributeProto.AttributeType;

type Long = { toNumber(): number } | number;
const num = (v: Long | null | undefined): number => (v == null ? 0 : typeof v === 'number' ? v : v.toNumber());

/**
 * `modelDir`: the model's folder, where tensors saved as external data are read from (never outside it); a
 * model given as bytes alone cannot have any.
 */
export function decodeModel(bytes: Uint8Array, label: string, modelDir?: string): IRGraph {
  const { model, graph: g } = parseModel(bytes, label);
  const defaultOpset = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  const opset = defaultOpset ? num(defaultOpset.version as Long) : 1;

  const inits = new Map<string, ConstTensor>();
  const external = modelDir === undefined ? undefined : externalDataReader(modelDir, label);
  try {
    for (const t of g.initializer ?? []) inits.set(t.name ?? '', decodeTensor(t, label, external));
  } finally {
    external?.close();
  }
  const externalData = external?.files.size ? [...external.files] : undefined;

  const nodes: IRNode[] = [];
  g.node.forEach((n: onnx.INodeProto, i: number) => {
    const attrs: Record<string, Attr> = {};
    for (const a of n.attribute ?? []) {
      const v = decodeAttr(a, label);
      if (v && a.name) attrs[a.name] = v;
    }
    const node: IRNode = {
      name: n.name || `${n.opType}_${i}`,
      opType: n.opType ?? '',
      domain: n.domain === 'ai.onnx' ? '' : n.domain || '',
      inputs: [...(n.input ?? [])],
      outputs: [...(n.output ?? [])],
      attrs,
    };
    if (node.opType === 'Constant' && node.domain === '') {
      inits.set(node.outputs[0], constantValue(node, label));
      return;
    }
    if (node.opType === 'Cast' && node.attrs.to?.type === 'int' && node.attrs.to.value === DT.FLOAT16) {
      node.attrs.to = { type: 'int', value: DT.FLOAT };
    }
    nodes.push(node);
  });

  const inputs = (g.input ?? []).filter((v) => !inits.has(v.name ?? '')).map((v) => decodeValueInfo(v));
  if (inputs.length !== 1) {
    throw new ExplainError(
      'UNSUPPORTED_MODEL',
      `${label} has ${inputs.length} inputs (${inputs.map((i) => i.name).join(', ')}); an image classifier with exactly one image input is expected.`,
    );
  }
  const metadata: Record<string, string> = {};
  for (const p of model.metadataProps ?? []) if (p.key) metadata[p.key] = p.value ?? '';
  const outputs = g.output.map((v) => decodeValueInfo(v));
  const producer = [model.producerName, model.producerVersion].filter((s) => s).join(' ');
  return { name: g.name || 'model', opset, nodes, inits, inputs, outputs, metadata, ...(producer && { producer }), ...(externalData && { externalData }) };
}

/** The protobuf as protobufjs decodes it (tensors' raw data left as views into `bytes`), with a graph that has nodes and outputs. */
export function parseModel(bytes: Uint8Array, label: string): { model: onnx.ModelProto; graph: onnx.IGraphProto & { node: onnx.INodeProto[]; output: onnx.IValueInfoProto[] } } {
  let model: onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new ExplainError('NOT_ONNX', `${label} is not an ONNX model (it does not parse as ONNX protobuf).`, String(e));
  }
  const g = model.graph;
  if (!g || !g.node || g.node.length === 0 || !g.output || g.output.length === 0) {
    throw new ExplainError('NOT_ONNX', `${label} is not an ONNX model (it has no graph nodes or outputs).`);
  }
  return { model, graph: g as onnx.IGraphProto & { node: onnx.INodeProto[]; output: onnx.IValueInfoProto[] } };
}

function elemType(dt: number): ElemType | undefined {
  switch (dt) {
    case DT.FLOAT:
    case DT.FLOAT16:
    case DT.DOUBLE:
      return 'float32';
    case DT.INT64:
      return 'int64';
    case DT.INT32:
      return 'int32';
    case DT.BOOL:
      return 'bool';
    case DT.UINT8:
      return 'uint8';
    case DT.INT8:
      return 'int8';
    default:
      return undefined;
  }
}

function decodeValueInfo(v: onnx.IValueInfoProto): ValueInfo {
  const tt = v.type?.tensorType;
  const dims = (tt?.shape?.dim ?? []).map((d) => (d.dimParam ? d.dimParam : d.dimValue != null ? num(d.dimValue as Long) : '?'));
  const info: ValueInfo = { name: v.name ?? '', type: elemType(tt?.elemType ?? DT.FLOAT) ?? 'float32', dims: dims.map((d) => (d === 0 ? '?' : d)) };
  // A sequence or map (ZipMap's probabilities) is no tensor: such an output cannot be the score.
  if (v.type && !tt) info.tensor = false;
  return info;
}

/** Bytes per element of the types decodeTensor reads. */
const ELEMENT_BYTES: Partial<Record<number, number>> = {
  [DT.FLOAT]: 4, [DT.FLOAT16]: 2, [DT.DOUBLE]: 8, [DT.INT64]: 8, [DT.INT32]: 4, [DT.BOOL]: 1, [DT.UINT8]: 1, [DT.INT8]: 1,
};

function externalBytes(t: onnx.ITensorProto, count: number, label: string, external: ExternalDataReader | undefined): Uint8Array {
  const entries = new Map((t.externalData ?? []).map((e) => [e.key ?? '', e.value ?? '']));
  const location = entries.get('location');
  const size = ELEMENT_BYTES[t.dataType ?? DT.FLOAT];
  if (!external || location === undefined || size === undefined) {
    const why = !external ? 'the model was given without its folder' : location === undefined ? 'its entry names no file' : 'its data type is not read from external files';
    throw new ExplainError('UNSUPPORTED_MODEL', `${label}: tensor ${t.name} is stored in an external data file, which cannot be read: ${why}.`);
  }
  const offset = entries.has('offset') ? Number(entries.get('offset')) : undefined;
  const length = entries.has('length') ? Number(entries.get('length')) : undefined;
  return external.read(t.name ?? '', { location, offset, length }, count * size);
}

function aligned(raw: Uint8Array): ArrayBuffer {
  // Protobuf hands out views into the file buffer at any byte offset; typed arrays need alignment.
  return raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer;
}

export function decodeTensor(t: onnx.ITensorProto, label: string, external?: ExternalDataReader): ConstTensor {
  const dims = (t.dims ?? []).map((d) => num(d as Long));
  const count = dims.reduce((a, b) => a * b, 1);
  const dt = t.dataType ?? DT.FLOAT;
  const raw =
    t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL
      ? externalBytes(t, count, label, external)
      : t.rawData && t.rawData.length > 0
        ? t.rawData
        : undefined;
  switch (dt) {
    case DT.FLOAT:
      return { type: 'float32', dims, data: raw ? new Float32Array(aligned(raw)) : Float32Array.from(t.floatData ?? []) };
    case DT.FLOAT16: {
      const halves = raw ? new Uint16Array(aligned(raw)) : Uint16Array.from(t.int32Data ?? []);
      return { type: 'float32', dims, data: halfToFloat(halves) };
    }
    case DT.DOUBLE:
      return { type: 'float32', dims, data: Float32Array.from(raw ? new Float64Array(aligned(raw)) : t.doubleData ?? []) };
    case DT.INT64:
      return {
        type: 'int64',
        dims,
        data: raw ? new BigInt64Array(aligned(raw)) : BigInt64Array.from((t.int64Data ?? []).map((v) => BigInt(num(v as Long)))),
      };
    case DT.INT32:
      return { type: 'int32', dims, data: raw ? new Int32Array(aligned(raw)) : Int32Array.from(t.int32Data ?? []) };
    case DT.BOOL:
    case DT.UINT8:
      return { type: dt === DT.BOOL ? 'bool' : 'uint8', dims, data: raw ? new Uint8Array(aligned(raw)) : Uint8Array.from(t.int32Data ?? []) };
    case DT.INT8:
      return { type: 'int8', dims, data: raw ? new Int8Array(aligned(raw)) : Int8Array.from(t.int32Data ?? []) };
    default:
      if (count === 0) return { type: 'float32', dims, data: new Float32Array(0) };
      throw new ExplainError('UNSUPPORTED_MODEL', `${label}: tensor ${t.name} has data type ${DT[dt] ?? dt}, which the engine does not read.`);
  }
}

function decodeAttr(a: onnx.IAttributeProto, label: string): Attr | undefined {
  switch (a.type) {
    case AT.INT:
      return { type: 'int', value: num(a.i as Long) };
    case AT.FLOAT:
      return { type: 'float', value: a.f ?? 0 };
    case AT.INTS:
      return { type: 'ints', value: (a.ints ?? []).map((v) => num(v as Long)) };
    case AT.FLOATS:
      return { type: 'floats', value: [...(a.floats ?? [])] };
    case AT.STRING:
      return { type: 'string', value: new TextDecoder().decode(a.s ?? new Uint8Array()) };
    case AT.STRINGS:
      return { type: 'strings', value: (a.strings ?? []).map((s) => new TextDecoder().decode(s)) };
    case AT.TENSOR:
      return a.t ? { type: 'tensor', value: decodeTensor(a.t, label) } : undefined;
    default:
      // Graph-valued attributes (If/Loop/Scan) are left out: such nodes are rejected as unsupported later.
      return undefined;
  }
}

function constantValue(node: IRNode, label: string): ConstTensor {
  const a = node.attrs;
  if (a.value?.type === 'tensor') return a.value.value;
  if (a.value_float?.type === 'float') return { type: 'float32', dims: [], data: Float32Array.of(a.value_float.value) };
  if (a.value_floats?.type === 'floats') return { type: 'float32', dims: [a.value_floats.value.length], data: Float32Array.from(a.value_floats.value) };
  if (a.value_int?.type === 'int') return { type: 'int64', dims: [], data: BigInt64Array.of(BigInt(a.value_int.value)) };
  if (a.value_ints?.type === 'ints') {
    return { type: 'int64', dims: [a.value_ints.value.length], data: BigInt64Array.from(a.value_ints.value.map((v) => BigInt(v))) };
  }
  throw new ExplainError('UNSUPPORTED_MODEL', `${label}: Constant node ${node.name} has a form the engine does not read.`);
}
