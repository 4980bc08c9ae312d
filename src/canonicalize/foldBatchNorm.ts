/**
 * BatchNormalization at inference is an affine map per channel. Folded into the Conv/Gemm before it,
 * LRP sees one linear layer (the rule is applied to the merged weights, as Zennit's canonizer does);
 * where there is no such layer it becomes Mul + Add, which every method handles.
 * The fold keeps the BatchNormalization's output name, the name the user sees in the original model.
 */
import { ExplainError } from '../errors';
import { type IRGraph, type IRNode, attrFloat, attrInt, consumers, floatTensor, producers } from '../onnx/ir';

export function foldBatchNorm(g: IRGraph, shapes: Map<string, number[]>): string | undefined {
  let folded = 0;
  let affine = 0;
  for (const bn of g.nodes.filter((n) => n.opType === 'BatchNormalization')) {
    const [x, scaleName, biasName, meanName, varName] = bn.inputs;
    const p = [scaleName, biasName, meanName, varName].map((t) => g.inits.get(t));
    if (p.some((t) => !t) || bn.outputs.filter((o) => o).length > 1) {
      throw new ExplainError('UNSUPPORTED_OP', `BatchNormalization ${bn.name} has non-constant parameters or training outputs; export the model for inference.`);
    }
    const [scale, bias, mean, variance] = p.map((t) => t!.data as Float32Array);
    const eps = attrFloat(bn, 'epsilon', 1e-5);
    const s = scale.map((v, c) => v / Math.sqrt(variance[c] + eps));
    const shift = bias.map((v, c) => v - mean[c] * s[c]);
    const out = bn.outputs[0];
    const prev = producers(g).get(x);
    const single = (consumers(g).get(x) ?? []).length === 1 && !g.outputs.some((o) => o.name === x);
    if (prev && single && foldInto(prev, g, s, shift)) {
      prev.outputs = [out];
      folded++;
    } else {
      const rank = shapes.get(x)?.length ?? 4;
      const dims = [s.length, ...Array(Math.max(0, rank - 2)).fill(1)];
      const sName = `${bn.name}__scale`;
      const bName = `${bn.name}__shift`;
      const mid = `${out}__scaled`;
      g.inits.set(sName, floatTensor(s, dims));
      g.inits.set(bName, floatTensor(shift, dims));
      const at = g.nodes.indexOf(bn);
      const mul: IRNode = { name: `${bn.name}__mul`, opType: 'Mul', domain: '', inputs: [x, sName], outputs: [mid], attrs: {} };
      const add: IRNode = { name: bn.name, opType: 'Add', domain: '', inputs: [mid, bName], outputs: [out], attrs: {} };
      g.nodes.splice(at, 0, mul, add);
      if (shapes.has(x)) shapes.set(mid, shapes.get(x)!);
      affine++;
    }
    g.nodes = g.nodes.filter((n) => n !== bn);
  }
  if (!folded && !affine) return undefined;
  return `Folded ${folded} BatchNormalization(s) into the preceding layer${affine ? `, ${affine} into Mul+Add` : ''}.`;
}

/** w' = w * s (per output channel), b' = b * s + shift. */
function foldInto(layer: IRNode, g: IRGraph, s: Float32Array, shift: Float32Array): boolean {
  const w = g.inits.get(layer.inputs[1]);
  if (!w || w.type !== 'float32') return false;
  const C = s.length;
  let outAxisStride: (i: number) => number;
  if (layer.opType === 'Conv' && w.dims[0] === C) {
    const per = w.data.length / C;
    outAxisStride = (i) => Math.floor(i / per);
  } else if (layer.opType === 'Gemm' && attrInt(layer, 'transA', 0) === 0) {
    const transB = attrInt(layer, 'transB', 0) === 1;
    const [r, c] = w.dims;
    if ((transB ? r : c) !== C) return false;
    outAxisStride = transB ? (i) => Math.floor(i / c) : (i) => i % c;
  } else {
    return false;
  }
  const beta = layer.opType === 'Gemm' ? attrFloat(layer, 'beta', 1) : 1;
  const wd = w.data as Float32Array;
  const nw = new Float32Array(wd.length);
  for (let i = 0; i < wd.length; i++) nw[i] = wd[i] * s[outAxisStride(i)];
  const oldBias = layer.inputs[2] ? g.inits.get(layer.inputs[2]) : undefined;
  if (layer.inputs[2] && !oldBias) return false;
  const nb = new Float32Array(C);
  for (let c = 0; c < C; c++) nb[c] = (oldBias ? (oldBias.data as Float32Array)[oldBias.data.length === 1 ? 0 : c] * beta : 0) * s[c] + shift[c];
  const wName = `${layer.name}__weight_bn_folded`;
  const bName = `${layer.name}__bias_bn_folded`;
  g.inits.set(wName, floatTensor(nw, [...w.dims]));
  g.inits.set(bName, floatTensor(nb, [C]));
  layer.inputs = [layer.inputs[0], wName, bName];
  if (layer.opType === 'Gemm') layer.attrs.beta = { type: 'float', value: 1 };
  return true;
}
