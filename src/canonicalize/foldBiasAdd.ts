/**
 * Exporters often write a layer's bias as a separate Add (CNTK's Conv + Plus, MatMul + Add). Folded into
 * the layer, the bias is part of z for LRP and DeepLIFT, as the rules expect. MatMul + Add becomes Gemm.
 * The fold keeps the Add's output name, the name the user sees in the original model.
 */
import { type ConstTensor, type IRGraph, type IRNode, attrFloat, consumers, floatTensor, producers } from '../onnx/ir';

export function foldBiasAdd(g: IRGraph, shapes: Map<string, number[]>): string | undefined {
  let count = 0;
  for (const add of g.nodes.filter((n) => n.opType === 'Add')) {
    const constIdx = add.inputs.findIndex((i) => g.inits.has(i));
    if (constIdx < 0 || g.inits.has(add.inputs[1 - constIdx])) continue;
    const x = add.inputs[1 - constIdx];
    const c = g.inits.get(add.inputs[constIdx])!;
    const layer = producers(g).get(x);
    const outShape = shapes.get(x);
    if (!layer || !outShape || c.type !== 'float32') continue;
    if ((consumers(g).get(x) ?? []).length !== 1 || g.outputs.some((o) => o.name === x)) continue;
    const channelAxis = layer.opType === 'Conv' ? 1 : outShape.length - 1;
    const bias = perChannel(c, outShape, channelAxis);
    if (!bias) continue;
    if (layer.opType === 'Conv' || layer.opType === 'Gemm') {
      if (!addBias(layer, g, bias)) continue;
    } else if (layer.opType === 'MatMul' && outShape.length === 2 && shapes.get(layer.inputs[0])?.length === 2) {
      layer.opType = 'Gemm';
      layer.inputs = [...layer.inputs.slice(0, 2)];
      if (!addBias(layer, g, bias)) continue;
    } else continue;
    layer.outputs = [add.outputs[0]];
    g.nodes = g.nodes.filter((n) => n !== add);
    count++;
  }
  return count ? `Folded ${count} bias Add(s) into the layer before them.` : undefined;
}

/** The constant as one value per channel, if it broadcasts along `axis` only. */
function perChannel(c: ConstTensor, outShape: number[], axis: number): Float32Array | undefined {
  const rank = outShape.length;
  if (c.dims.length > rank) return undefined;
  const aligned = [...Array(rank - c.dims.length).fill(1), ...c.dims];
  for (let i = 0; i < rank; i++) if (i !== axis && aligned[i] !== 1) return undefined;
  const C = outShape[axis];
  const data = c.data as Float32Array;
  if (aligned[axis] === C) return Float32Array.from(data);
  if (aligned[axis] === 1) return new Float32Array(C).fill(data[0]);
  return undefined;
}

function addBias(layer: IRNode, g: IRGraph, bias: Float32Array): boolean {
  const old = layer.inputs[2] ? g.inits.get(layer.inputs[2]) : undefined;
  if (layer.inputs[2] && !old) return false;
  const beta = layer.opType === 'Gemm' ? attrFloat(layer, 'beta', 1) : 1;
  const merged = bias.map((b, i) => b + (old ? (old.data as Float32Array)[old.data.length === 1 ? 0 : i] * beta : 0));
  const name = `${layer.name}__bias_folded`;
  g.inits.set(name, floatTensor(merged, [bias.length]));
  layer.inputs = [layer.inputs[0], layer.inputs[1], name];
  if (layer.opType === 'Gemm') layer.attrs.beta = { type: 'float', value: 1 };
  return true;
}
