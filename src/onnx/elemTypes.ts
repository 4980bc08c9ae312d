/** Element types of node outputs, enough to declare graph outputs for onnxruntime (which requires them). */
import type { ElemType, IRGraph, IRNode } from './ir';

const CAST_TYPES: Record<number, ElemType> = { 1: 'float32', 2: 'uint8', 3: 'int8', 6: 'int32', 7: 'int64', 9: 'bool', 10: 'float32', 11: 'float32' };
const BOOL_OPS = new Set(['Equal', 'Greater', 'Less', 'GreaterOrEqual', 'LessOrEqual', 'Not', 'And', 'Or', 'Xor']);
const INT64_OPS = new Set(['Shape', 'Size', 'NonZero', 'ArgMax', 'ArgMin']);

export function outputType(n: IRNode, typeOf: (t: string) => ElemType): ElemType {
  if (INT64_OPS.has(n.opType)) return 'int64';
  if (n.opType === 'Cast' && n.attrs.to?.type === 'int') return CAST_TYPES[n.attrs.to.value] ?? 'float32';
  if (BOOL_OPS.has(n.opType)) return 'bool';
  if (n.opType === 'Where') return typeOf(n.inputs[1]);
  if (n.opType === 'DequantizeLinear') return 'float32';
  // QuantizeLinear's type is its zero point's, uint8 without one.
  if (n.opType === 'QuantizeLinear') return n.inputs[2] ? typeOf(n.inputs[2]) : 'uint8';
  // Their element type is their value's (a float 0 by default), not that of the shape they read (Swin's masks).
  if (n.opType === 'ConstantOfShape' || n.opType === 'Constant') return n.attrs.value?.type === 'tensor' ? n.attrs.value.value.type : 'float32';
  return typeOf(n.inputs[0]);
}

/** The element type of every tensor in the graph, in node order. */
export function elemTypes(g: IRGraph): Map<string, ElemType> {
  const types = new Map<string, ElemType>([...g.inits].map(([k, t]) => [k, t.type]));
  for (const i of g.inputs) types.set(i.name, i.type);
  for (const n of g.nodes) {
    const t = outputType(n, (name) => types.get(name) ?? 'float32');
    for (const o of n.outputs) if (o) types.set(o, t);
  }
  return types;
}
