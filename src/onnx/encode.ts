/** IRGraph -> ONNX protobuf bytes, ready for onnxruntime's InferenceSession.create. */
import { onnx } from 'onnx-proto';
import type { Attr, ConstTensor, ElemType, IRGraph, ValueInfo } from './ir';

const DT = onnx.TensorProto.DataType;
const AT = onnx.AttributeProto.AttributeType;

const DTYPE: Record<ElemType, number> = {
  float32: DT.FLOAT,
  int64: DT.INT64,
  int32: DT.INT32,
  bool: DT.BOOL,
  uint8: DT.UINT8,
  int8: DT.INT8,
  float64: DT.DOUBLE,
};

export function encodeTensor(name: string, t: ConstTensor): onnx.TensorProto {
  const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return onnx.TensorProto.create({ name, dims: t.dims, dataType: DTYPE[t.type], rawData: bytes });
}

function encodeAttr(name: string, a: Attr): onnx.AttributeProto {
  switch (a.type) {
    case 'int':
      return onnx.AttributeProto.create({ name, type: AT.INT, i: a.value });
    case 'float':
      return onnx.AttributeProto.create({ name, type: AT.FLOAT, f: a.value });
    case 'ints':
      return onnx.AttributeProto.create({ name, type: AT.INTS, ints: a.value });
    case 'floats':
      return onnx.AttributeProto.create({ name, type: AT.FLOATS, floats: a.value });
    case 'string':
      return onnx.AttributeProto.create({ name, type: AT.STRING, s: new TextEncoder().encode(a.value) });
    case 'strings':
      return onnx.AttributeProto.create({ name, type: AT.STRINGS, strings: a.value.map((v) => new TextEncoder().encode(v)) });
    case 'tensor':
      return onnx.AttributeProto.create({ name, type: AT.TENSOR, t: encodeTensor('', a.value) });
  }
}

function encodeValueInfo(v: ValueInfo, withShape: boolean): onnx.ValueInfoProto {
  const shape = withShape
    ? { dim: v.dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) }
    : undefined;
  return onnx.ValueInfoProto.create({ name: v.name, type: { tensorType: { elemType: DTYPE[v.type], shape } } });
}

export function encodeModel(g: IRGraph): Uint8Array {
  const graph = onnx.GraphProto.create({
    name: g.name,
    node: g.nodes.map((n) =>
      onnx.NodeProto.create({
        name: n.name,
        opType: n.opType,
        domain: n.domain,
        input: n.inputs,
        output: n.outputs,
        attribute: Object.entries(n.attrs).map(([k, a]) => encodeAttr(k, a)),
      }),
    ),
    initializer: [...g.inits].map(([name, t]) => encodeTensor(name, t)),
    input: g.inputs.map((v) => encodeValueInfo(v, true)),
    // Output shapes are left for onnxruntime to infer: the compiler adds outputs whose shapes it need not know.
    output: g.outputs.map((v) => encodeValueInfo(v, false)),
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'explain-engine',
    opsetImport: [{ domain: '', version: g.opset }],
    graph,
    // Written where a graph carries them (an exported explanation's method and preprocessing).
    ...(g.metadata && { metadataProps: Object.entries(g.metadata).map(([key, value]) => ({ key, value })) }),
  });
  return onnx.ModelProto.encode(model).finish();
}
