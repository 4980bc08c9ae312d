/**
 * torch exports LayerNorm below opset 17 decomposed: m = ReduceMean(x), d = x - m, v = ReduceMean(d^2),
 * y = d / Sqrt(v + eps) (* w) (+ b), over the last axis. Fused back into one LayerNormalization (opset 17,
 * which the graph is raised to), so LRP's LayerNorm rule (1/std held constant, AttnLRP) sees one node instead
 * of a Div by an image-dependent tensor, and onnxruntime runs one kernel.
 */
import { type IRGraph, type IRNode, attrInts, consumers, floatTensor, producers } from '../onnx/ir';

export function fuseLayerNorm(g: IRGraph): string | undefined {
  let count = 0;
  for (const div of g.nodes.filter((n) => n.opType === 'Div')) {
    const match = matchAt(g, div);
    if (!match) continue;
    const { x, eps, scale, bias, out, remove } = match;
    const scaleName = scale ?? `${div.name}_ln_scale`;
    if (!scale) g.inits.set(scaleName, floatTensor(new Float32Array(match.width).fill(1), [match.width]));
    const fused: IRNode = {
      opType: 'LayerNormalization',
      domain: '',
      name: `${div.name}_layernorm`,
      inputs: bias ? [x, scaleName, bias] : [x, scaleName],
      outputs: [out],
      attrs: { axis: { type: 'int', value: -1 }, epsilon: { type: 'float', value: eps } },
    };
    const at = g.nodes.indexOf(remove[remove.length - 1]);
    g.nodes.splice(at, 0, fused);
    const gone = new Set(remove);
    g.nodes = g.nodes.filter((n) => !gone.has(n));
    count++;
  }
  return count ? `Fused ${count} decomposed LayerNorm(s) into LayerNormalization.` : undefined;
}

interface Match {
  x: string;
  eps: number;
  scale?: string;
  bias?: string;
  out: string;
  width: number;
  /** The nodes replaced, in graph order; the fused node goes where the last one was. */
  remove: IRNode[];
}

function matchAt(g: IRGraph, div: IRNode): Match | undefined {
  const prod = producers(g);
  const uses = consumers(g);
  const only = (t: string, n: number) => (uses.get(t) ?? []).length === n && !g.outputs.some((o) => o.name === t);
  const scalar = (t: string): number | undefined => {
    const c = g.inits.get(t);
    return c && c.type === 'float32' && c.data.length === 1 ? (c.data as Float32Array)[0] : undefined;
  };
  const [d, s] = div.inputs;
  const sub = prod.get(d);
  const sqrt = prod.get(s);
  if (sub?.opType !== 'Sub' || sqrt?.opType !== 'Sqrt' || !only(s, 1) || !only(d, 2)) return undefined;
  const add = prod.get(sqrt.inputs[0]);
  if (add?.opType !== 'Add' || !only(add.outputs[0], 1)) return undefined;
  const epsIdx = add.inputs.findIndex((i) => scalar(i) !== undefined);
  if (epsIdx < 0) return undefined;
  const varMean = prod.get(add.inputs[1 - epsIdx]);
  if (varMean?.opType !== 'ReduceMean' || !only(varMean.outputs[0], 1)) return undefined;
  const pow = prod.get(varMean.inputs[0]);
  if (!pow || !only(pow.outputs[0], 1) || pow.inputs[0] !== d) return undefined;
  if (!((pow.opType === 'Pow' && scalar(pow.inputs[1]) === 2) || (pow.opType === 'Mul' && pow.inputs[1] === d))) return undefined;
  const [x, m] = sub.inputs;
  const mean = prod.get(m);
  if (mean?.opType !== 'ReduceMean' || mean.inputs[0] !== x || !only(m, 1)) return undefined;
  if (!lastAxisOnly(g, mean) || !lastAxisOnly(g, varMean)) return undefined;
  const remove = [mean, sub, pow, varMean, add, sqrt, div];
  let out = div.outputs[0];
  // The affine part: a constant per-feature scale, then shift.
  const perFeature = (t: string) => {
    const c = g.inits.get(t);
    return c && c.type === 'float32' && c.dims.length === 1 ? c : undefined;
  };
  let scale: string | undefined;
  let bias: string | undefined;
  let width = 0;
  const next = (t: string) => (only(t, 1) ? uses.get(t)![0] : undefined);
  const mul = next(out);
  if (mul?.opType === 'Mul') {
    const w = mul.inputs.find((i) => i !== out && perFeature(i));
    if (w) {
      scale = w;
      width = perFeature(w)!.dims[0];
      remove.push(mul);
      out = mul.outputs[0];
    }
  }
  const shift = next(out);
  if (shift?.opType === 'Add') {
    const b = shift.inputs.find((i) => i !== out && perFeature(i));
    if (b && (!scale || perFeature(b)!.dims[0] === width)) {
      bias = b;
      width ||= perFeature(b)!.dims[0];
      remove.push(shift);
      out = shift.outputs[0];
    }
  }
  // Without a scale, the width must come from a bias (shapes are not known before the probe).
  if (!width) return undefined;
  return { x, eps: scalar(add.inputs[epsIdx])!, scale, bias, out, width, remove };
}

/** ReduceMean over the last axis alone, keeping it (attribute axes, or opset 18's axes input). */
function lastAxisOnly(g: IRGraph, n: IRNode): boolean {
  const keep = n.attrs.keepdims;
  if (keep && keep.type === 'int' && keep.value === 0) return false;
  const fromInput = n.inputs[1] ? g.inits.get(n.inputs[1]) : undefined;
  const axes = attrInts(n, 'axes') ?? (fromInput ? Array.from(fromInput.data as BigInt64Array, Number) : undefined);
  return !!axes && axes.length === 1 && axes[0] === -1;
}
