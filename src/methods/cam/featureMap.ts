/**
 * Which feature map a class activation method reads, and the Grad-CAM arithmetic on it.
 *
 * A feature map is a rank-4 tensor in NCHW order on the path from the input to the score. Tensors are
 * known to be NCHW by where they come from: the output of a Conv, a pooling or a BatchNormalization, or of
 * an elementwise op, Concat or Pad whose image-dependent inputs are all NCHW maps; the model's input counts
 * when its layout is NCHW, and so does the data input of a Conv or a pooling (ONNX defines it NCHW: a
 * channels-last transformer's last tokens, permuted for the global average pool, as Swin's and MaxViT's).
 * A Transpose, Reshape or Flatten ends a map otherwise (an NHWC model's internal tensors between Transposes
 * are never taken for maps).
 *
 * A token map is a transformer's sequence [1, T, C] whose last h*w tokens are the image's patches in row
 * order, after T - h*w (0 to 2) leading class or distillation tokens, with h/w the input's aspect ratio. It
 * is read as the map [1, C, h, w], the leading tokens left out. The default among token maps: the last
 * residual Add (a block's output) whose patch tokens still reach the score, that is, from which the path
 * to the score crosses an op that mixes tokens (attention's MatMul of two image-dependent tensors, or a
 * mean over the tokens). On a class-token ViT the last block's own output reaches the score only through
 * the class token (its patch tokens' gradient is exactly 0, and so would be the map), so the default is the
 * last block's input, the tensor pytorch-grad-cam's `blocks[-1].norm1` reads; on a mean-pooled
 * transformer it is the last block's output.
 *
 * The default layer: the LAST feature map on the path (in graph order) with more than one spatial position.
 * On a ResNet or MobileNet that is the tensor entering the global average pool (the last block's
 * activation); on a VGG-style network ending in pooling + Flatten it is the last pooling's output, the
 * layer pytorch-grad-cam recommends (`features[-1]`); on a SqueezeNet, conv10's ReLU.
 *
 * `--layer` names a tensor or a node (meaning its first output) of the ORIGINAL model. Canonicalization
 * folds a BatchNormalization or a bias Add into the layer before it, and the tensor between them (a
 * Conv's own output, pre-BN) then no longer exists; it is recovered exactly as an affine function per
 * channel of the folded tensor: A_requested = (A_folded - shift) / scale and dA_requested = dA_folded *
 * scale, so the Grad-CAM term w_k A_k = mean(dA_folded_k) (A_folded_k - shift_k) needs no division.
 */
import { ExplainError } from '../../errors';
import type { IRGraph, IRNode } from '../../onnx/ir';
import { attrFloat } from '../../onnx/ir';
import { pathNodes } from '../../compile/path';
import { resizeBilinear } from '../../render/resizeBilinear';
import { imageLayout } from '../../util/imageLayout';
import type { LayerChoices } from '../../protocol';
import type { GraphEnv } from '../method';

export interface FeatureMap {
  /** The tensor the user sees (the requested one, or the default). */
  name: string;
  /** The tensor on the compiled graph's path whose signal and activation are read. */
  tensor: string;
  /** Per channel: A_name = (A_tensor - shift) / scale; undefined when name is tensor. */
  affine?: { scale: Float32Array; shift: Float32Array };
  /** [1, C, h, w] */
  dims: number[];
  /** A token map: the tensor is [1, skip + h * w, C], its first `skip` (class) tokens left out. */
  tokens?: { skip: number };
}

/** Ops whose NCHW output keeps the layout of NCHW inputs. */
const LAYOUT_KEEPING = new Set([
  'Relu', 'LeakyRelu', 'PRelu', 'Clip', 'Sigmoid', 'Tanh', 'Elu', 'Selu', 'HardSigmoid', 'Softplus', 'HardSwish',
  'Add', 'Sub', 'Mul', 'Div', 'Concat', 'Pad', 'Identity', 'Dropout',
]);
/** Ops whose input and output are NCHW by the ONNX definition. */
const NCHW_OPS = new Set([
  'Conv', 'ConvTranspose', 'MaxPool', 'AveragePool', 'LpPool', 'GlobalAveragePool', 'GlobalMaxPool', 'BatchNormalization',
  'InstanceNormalization', 'LRN',
]);

/** Per canonical graph and input layout: Grad-CAM asks on every run, and the walk is most of its JS time. */
const mapsOf = new WeakMap<GraphEnv['canonical'], Map<string, string[]>>();

/** Every rank-4 NCHW tensor on the path from the input to the score, in graph order. */
export function featureMaps(env: GraphEnv): string[] {
  let byLayout = mapsOf.get(env.canonical);
  if (!byLayout) mapsOf.set(env.canonical, (byLayout = new Map()));
  let maps = byLayout.get(env.pre.layout);
  if (!maps) byLayout.set(env.pre.layout, (maps = findFeatureMaps(env)));
  return maps;
}

function findFeatureMaps(env: GraphEnv): string[] {
  const g = env.canonical.graph;
  const input = g.inputs[0].name;
  const path = pathNodes(g, input, g.outputs[0].name);
  const onPath = new Set([input, ...path.flatMap((n) => n.outputs.filter((o) => o))]);
  const maps = new Set<string>();
  if (env.pre.layout === 'NCHW') maps.add(input);
  for (const n of path) {
    const inputs = n.inputs.filter((i) => i && onPath.has(i));
    const nchw = NCHW_OPS.has(n.opType) || (LAYOUT_KEEPING.has(n.opType) && inputs.length > 0 && inputs.every((i) => maps.has(i)));
    if (nchw) for (const o of n.outputs) if (o) maps.add(o);
    if (NCHW_OPS.has(n.opType) && onPath.has(n.inputs[0])) maps.add(n.inputs[0]);
  }
  const rank4 = (t: string) => env.canonical.shapes.get(t)?.length === 4;
  return [input, ...path.map((n) => n.outputs[0])].filter((t) => maps.has(t) && rank4(t));
}

/** How a [1, T, C] tensor holds the input's patch grid, if it does: T = skip + h * w, h / w = H / W. */
export function tokenGrid(env: GraphEnv, shape: number[] | undefined): { skip: number; h: number; w: number } | undefined {
  if (!shape || shape.length !== 3 || shape[0] !== 1 || shape[2] < 2) return undefined;
  const input = env.canonical.shapes.get(env.canonical.graph.inputs[0].name);
  if (!input || input.length !== 4) return undefined;
  const { height: H, width: W } = imageLayout(input, env.pre.layout);
  for (let skip = 0; skip <= 2; skip++) {
    const n = shape[1] - skip;
    const h = Math.round(Math.sqrt((n * H) / W));
    const w = n / h;
    if (h >= 2 && Number.isInteger(w) && w >= 2 && h * W === w * H) return { skip, h, w };
  }
  return undefined;
}

/** Ops after which every token has seen the others: attention's product of two image-dependent tensors, a reduction. */
function mixesTokens(n: IRNode, onPath: Set<string>): boolean {
  if (n.opType === 'MatMul') return n.inputs.every((i) => onPath.has(i));
  return n.opType.startsWith('Reduce') || n.opType === 'GlobalAveragePool' || n.opType === 'GlobalMaxPool';
}

/** The default token map (see the header) and its position on the path; undefined when there is none. */
function defaultTokenMap(env: GraphEnv, path: IRNode[]): { tensor: string; at: number } | undefined {
  const input = env.canonical.graph.inputs[0].name;
  const onPath = new Set([input, ...path.flatMap((n) => n.outputs.filter((o) => o))]);
  // Walking back from the score: a token map qualifies once an op mixing tokens lies between it and the score.
  let mixed = false;
  for (let at = path.length - 1; at >= 0; at--) {
    const n = path[at];
    if (mixed && n.opType === 'Add' && tokenGrid(env, env.canonical.shapes.get(n.outputs[0]))) return { tensor: n.outputs[0], at };
    if (mixesTokens(n, onPath)) mixed = true;
  }
  return undefined;
}

/** The default layer: the later on the path of the last feature map with more than one position and the default token map. */
export function defaultFeatureMap(env: GraphEnv): string {
  const maps = featureMaps(env).filter((t) => {
    const s = env.canonical.shapes.get(t)!;
    return s[2] * s[3] > 1;
  });
  const g = env.canonical.graph;
  const path = pathNodes(g, g.inputs[0].name, g.outputs[0].name);
  const tokens = defaultTokenMap(env, path);
  if (!maps.length && !tokens) {
    throw new ExplainError('UNSUPPORTED_MODEL', 'The model has no spatial feature map [1, C, h, w] and no token map [1, T, C] of its patch grid on the path from the input to the score: class activation maps need one.');
  }
  if (!tokens) return maps[maps.length - 1];
  const last = maps[maps.length - 1];
  return last !== undefined && path.findIndex((n) => n.outputs.includes(last)) > tokens.at ? last : tokens.tensor;
}

/**
 * The layers a class activation method can be pointed at, for a picker: every feature map on the path with
 * more than one spatial position (graph order), the default among them (a token map default comes last).
 */
export function featureMapChoices(env: GraphEnv): LayerChoices {
  const spatial = featureMaps(env).filter((t) => {
    const s = env.canonical.shapes.get(t)!;
    return s[2] * s[3] > 1;
  });
  const chosen = defaultFeatureMap(env);
  return { candidates: spatial.includes(chosen) ? spatial : [...spatial, chosen], default: chosen };
}

/** Resolves `layer` (a tensor or node name of the original model; default: defaultFeatureMap). */
export function resolveFeatureMap(env: GraphEnv, layer?: string): FeatureMap {
  const maps = featureMaps(env);
  const shapes = env.canonical.shapes;
  const name = layer === undefined || layer === '' ? defaultFeatureMap(env) : tensorNamed(env, layer);
  const isMap = new Set(maps);
  if (isMap.has(name)) return { name, tensor: name, dims: shapes.get(name)! };
  const grid = tokenGrid(env, shapes.get(name));
  if (grid) return { name, tensor: name, dims: [1, shapes.get(name)![2], grid.h, grid.w], tokens: { skip: grid.skip } };
  const folded = followFolds(env.original, name, isMap, shapes);
  if (folded) return { name, tensor: folded.tensor, affine: folded.affine, dims: shapes.get(folded.tensor)! };
  const shape = shapes.get(name);
  const why = !shape
    ? 'is not on the path from the input to the score'
    : shape.length !== 4
      ? `has shape [${shape.join(', ')}], not a spatial map [1, C, h, w] nor a token map [1, T, C] of the input's patch grid`
      : 'is not a feature map in NCHW order (it comes from a Transpose, Reshape or an NHWC input)';
  const last = maps.slice(-4).map((t) => `"${t}"`).join(', ');
  throw new ExplainError('BAD_ARGUMENT', `Layer "${layer}" ${why}. Feature maps of this model include ${last}.`);
}

/** A tensor name as given, or the first output of the node of that name. */
function tensorNamed(env: GraphEnv, layer: string): string {
  if (env.canonical.shapes.has(layer)) return layer;
  const node = env.original.nodes.find((n) => n.name === layer) ?? env.canonical.graph.nodes.find((n) => n.name === layer);
  if (node?.outputs[0]) return node.outputs[0];
  // A Dropout or Identity of the model file (removed on loading): the tensor it passes on.
  let t = layer;
  for (let i = 0; i < 16 && env.removedNoOps.has(t); i++) t = env.removedNoOps.get(t)!;
  if (t !== layer) return tensorNamed(env, t);
  throw new ExplainError('BAD_ARGUMENT', `No tensor or node named "${layer}" in the model.`);
}

/**
 * A tensor that canonicalization folded away: the chain of per-channel affine nodes (BatchNormalization,
 * Add/Sub/Mul/Div by a per-channel constant) of the original graph that leads from it to a feature map of
 * the canonical graph, composed into one affine map.
 */
function followFolds(
  g: IRGraph,
  name: string,
  isMap: Set<string>,
  shapes: Map<string, number[]>,
): { tensor: string; affine: { scale: Float32Array; shift: Float32Array } } | undefined {
  const shape = shapes.get(name);
  if (!shape || shape.length !== 4) return undefined;
  const C = shape[1];
  let t = name;
  let scale: Float32Array | undefined;
  let shift: Float32Array | undefined;
  for (let step = 0; step < 8 && !isMap.has(t); step++) {
    const users = g.nodes.filter((n) => n.inputs.includes(t));
    if (users.length !== 1) return undefined;
    const a = affineOf(g, users[0], t, C);
    if (!a) return undefined;
    scale ??= new Float32Array(C).fill(1);
    shift ??= new Float32Array(C);
    // y = s2 (s1 x + t1) + t2
    for (let c = 0; c < C; c++) {
      scale[c] *= a.scale[c];
      shift[c] = a.scale[c] * shift[c] + a.shift[c];
    }
    t = users[0].outputs[0];
  }
  return isMap.has(t) && scale && shift ? { tensor: t, affine: { scale, shift } } : undefined;
}

/** y = scale[c] x + shift[c] for a node of the original graph applied to x, if it is such a map. */
function affineOf(g: IRGraph, n: IRNode, x: string, C: number): { scale: Float32Array; shift: Float32Array } | undefined {
  const constant = (i: string) => {
    const c = g.inits.get(i);
    return c && c.type === 'float32' ? (c.data as Float32Array) : undefined;
  };
  if (n.opType === 'BatchNormalization' && n.inputs[0] === x) {
    const [gamma, beta, mean, variance] = n.inputs.slice(1, 5).map(constant);
    if (!gamma || !beta || !mean || !variance || gamma.length !== C) return undefined;
    const eps = attrFloat(n, 'epsilon', 1e-5);
    const scale = gamma.map((v, c) => v / Math.sqrt(variance[c] + eps));
    return { scale, shift: beta.map((v, c) => v - mean[c] * scale[c]) };
  }
  if (!['Add', 'Sub', 'Mul', 'Div'].includes(n.opType) || n.inputs.length !== 2) return undefined;
  const first = n.inputs[0] === x;
  if (!first && (n.opType === 'Sub' || n.opType === 'Div')) return undefined;
  const other = first ? n.inputs[1] : n.inputs[0];
  const k = constant(other);
  const dims = g.inits.get(other)?.dims;
  if (!k || !dims || dims.length > 4) return undefined;
  // One value, or one per channel of the NCHW map: dims aligned to [1, C, 1, 1].
  const aligned = [...Array(4 - dims.length).fill(1), ...dims];
  if (aligned[0] !== 1 || aligned[2] !== 1 || aligned[3] !== 1 || (aligned[1] !== 1 && aligned[1] !== C)) return undefined;
  const v = (c: number) => k[k.length === 1 ? 0 : c];
  const perChannel = (f: (c: number) => number) => Float32Array.from({ length: C }, (_, c) => f(c));
  switch (n.opType) {
    case 'Add':
      return { scale: perChannel(() => 1), shift: perChannel(v) };
    case 'Sub':
      return { scale: perChannel(() => 1), shift: perChannel((c) => -v(c)) };
    case 'Mul':
      return { scale: perChannel(v), shift: new Float32Array(C) };
    default:
      return { scale: perChannel((c) => 1 / v(c)), shift: new Float32Array(C) };
  }
}

/**
 * Grad-CAM (Selvaraju et al. 2017) from a feature map's gradient and activation, both [1, C, h, w]:
 * w_k = mean over space of dScore/dA_k, map = ReLU(sum_k w_k A_k), at the map's resolution.
 * Returns the map before the ReLU too (for the CAM identity).
 */
export function gradCamMap(fm: FeatureMap, signal: Float32Array, activation: Float32Array): { map: Float32Array; linear: Float32Array; weights: Float32Array } {
  const [, C, h, w] = fm.dims;
  const hw = h * w;
  if (fm.tokens) {
    // [1, skip + hw, C], channels last: token p's channel c at (skip + p) * C + c.
    const [s, a] = [tokensToChannels(signal, fm.tokens.skip, hw, C), tokensToChannels(activation, fm.tokens.skip, hw, C)];
    return gradCamMap({ ...fm, tokens: undefined }, s, a);
  }
  const weights = new Float32Array(C);
  // Summed in float64 and rounded once (an exported graph, src/export/classMap.ts, sums the same way).
  const sum = new Float64Array(hw);
  for (let c = 0; c < C; c++) {
    let s = 0;
    for (let p = 0; p < hw; p++) s += signal[c * hw + p];
    // dA_name = dA_tensor * scale; A_name = (A_tensor - shift) / scale: the scale cancels in w_k A_k.
    const wk = s / hw;
    weights[c] = fm.affine ? wk * fm.affine.scale[c] : wk;
    const shift = fm.affine ? fm.affine.shift[c] : 0;
    for (let p = 0; p < hw; p++) sum[p] += wk * (activation[c * hw + p] - shift);
  }
  const linear = Float32Array.from(sum);
  return { map: linear.map((v) => Math.max(v, 0)), linear, weights };
}

/** The patch tokens of a [1, skip + hw, C] sequence as a [C, hw] map, the leading tokens dropped. */
export function tokensToChannels(x: Float32Array, skip: number, hw: number, C: number): Float32Array {
  const out = new Float32Array(C * hw);
  for (let p = 0; p < hw; p++) for (let c = 0; c < C; c++) out[c * hw + p] = x[(skip + p) * C + c];
  return out;
}

/** A [h, w] map bilinearly upsampled (align_corners = false) to the input's height and width. */
export function upsample(map: Float32Array, h: number, w: number, height: number, width: number): Float32Array {
  return resizeBilinear({ data: map, width: w, height: h }, width, height).data;
}
