/**
 * CAM (Zhou et al. 2016) for networks whose last feature map F feeds a global average pool and a linear
 * layer giving the scores (Flatten, Reshape, Squeeze or Unsqueeze may sit between them, and after the
 * linear layer): map(h, w) = sum_k W[target, k] F_k(h, w), the target's row of the linear layer applied at
 * every position. The map is signed, as in the paper: its mean over positions plus the layer's bias is
 * the score exactly, because the pool and the layer are linear.
 *
 * It is Grad-CAM at the pool's input up to a positive factor: there the gradient is W[target, k] / (h w)
 * at every position, so Grad-CAM = ReLU(map) / (h w).
 * All-convolutional networks whose scores are the pool of one map per class (SqueezeNet) are the special
 * case of an identity linear layer: the CAM is the target's own map.
 */
import { ExplainError } from '../errors';
import type { ConstTensor, IRNode } from '../onnx/ir';
import { attrFloat, attrInt, attrInts } from '../onnx/ir';
import { pathNodes } from '../compile/path';
import { imageLayout } from '../util/imageLayout';
import type { GraphEnv, Method } from './method';
import { exposingGraph } from './gradCam';
import { featureMaps, upsample } from './cam/featureMap';

const RESHAPES = new Set(['Flatten', 'Reshape', 'Squeeze', 'Unsqueeze']);

export interface CamHead {
  /** The last feature map, [1, C, h, w]. */
  feature: string;
  pool: IRNode;
  linear: IRNode;
  /** weights(target)[k], and the bias of every class. */
  row(target: number): Float32Array;
  bias(target: number): number;
  /** The scores are the pool of one map per class (no linear layer after the pool). */
  classMaps?: boolean;
}

/** Finds F -> global average pool -> (reshapes) -> linear layer -> (reshapes) -> scores, or says what is missing. */
export function camHead(env: GraphEnv): CamHead {
  const g = env.canonical.graph;
  const path = pathNodes(g, g.inputs[0].name, g.outputs[0].name);
  const producer = new Map(path.flatMap((n) => n.outputs.filter((o) => o).map((o) => [o, n] as const)));
  const onPath = new Set([g.inputs[0].name, ...producer.keys()]);
  const pathInput = (n: IRNode) => n.inputs.find((i) => i && onPath.has(i))!;
  const skipReshapes = (t: string) => {
    let n = producer.get(t);
    while (n && RESHAPES.has(n.opType)) n = producer.get(pathInput(n));
    return n;
  };
  const fail = (what: string): never => {
    throw new ExplainError(
      'UNSUPPORTED_MODEL',
      `CAM needs the last feature map to feed a global average pool and then a linear layer (Gemm or MatMul) that gives the scores: ${what}. Use grad-cam, which works on any feature map.`,
    );
  };
  const linear = skipReshapes(g.outputs[0].name);
  if (!linear) return fail('the score comes straight from the input');
  if (linear.opType === 'GlobalAveragePool') return pooledClassMaps(env, linear, producer, fail);
  const C = (t: string) => g.inits.get(t);
  const weight = linear.inputs[1] ? C(linear.inputs[1]) : undefined;
  const isLinear =
    (linear.opType === 'Gemm' && attrInt(linear, 'transA', 0) === 0) ||
    linear.opType === 'MatMul' ||
    (linear.opType === 'Conv' && (attrInt(linear, 'group', 1) === 1) && (attrInts(linear, 'kernel_shape') ?? weight?.dims.slice(2) ?? []).every((k) => k === 1));
  if (!isLinear || !weight || weight.type !== 'float32' || onPath.has(linear.inputs[1])) {
    return fail(`the scores come from ${linear.opType} "${linear.name}", not a linear layer with constant weights`);
  }
  const pool = skipReshapes(pathInput(linear));
  if (!pool || pool.opType !== 'GlobalAveragePool') {
    return fail(`the input of ${linear.opType} "${linear.name}" comes from ${pool ? `${pool.opType} "${pool.name}"` : 'the input'}, not a GlobalAveragePool`);
  }
  const feature = pool.inputs[0];
  const shape = env.canonical.shapes.get(feature)!;
  if (!featureMaps(env).includes(feature)) fail(`the pool's input "${feature}" [${shape.join(', ')}] is not an NCHW feature map`);
  const channels = shape[1];
  const w = weight.data as Float32Array;
  const classes = env.canonical.shapes.get(linear.outputs[0])!.slice(1).reduce((a, b) => a * b, 1);
  // Weight layout: Gemm [K, C] with transB, else [C, K]; MatMul [C, K]; 1x1 Conv [K, C, 1, 1].
  const kByC = (linear.opType === 'Gemm' && attrInt(linear, 'transB', 0) === 1) || linear.opType === 'Conv';
  const alpha = linear.opType === 'Gemm' ? attrFloat(linear, 'alpha', 1) : 1;
  if (w.length !== channels * classes) fail(`the linear layer's weights [${weight.dims.join(', ')}] do not map ${channels} channels to ${classes} scores`);
  const biasT: ConstTensor | undefined = linear.inputs[2] ? C(linear.inputs[2]) : undefined;
  const beta = linear.opType === 'Gemm' ? attrFloat(linear, 'beta', 1) : 1;
  return {
    feature,
    pool,
    linear,
    row: (t) => Float32Array.from({ length: channels }, (_, k) => alpha * w[kByC ? t * channels + k : k * classes + t]),
    bias: (t) => {
      if (!biasT) return 0;
      const b = biasT.data as Float32Array;
      return beta * b[b.length === 1 ? 0 : t];
    },
  };
}

/**
 * All-convolutional networks (Network in Network, SqueezeNet) end in one map per class that a global
 * average pool turns into the scores: the class's own map is its CAM (Zhou et al. 2016 describe this case),
 * and its mean is the score exactly. Expressed as a head whose row picks the target's channel.
 */
function pooledClassMaps(env: GraphEnv, pool: IRNode, producer: Map<string, IRNode>, fail: (what: string) => never): CamHead {
  const feature = pool.inputs[0];
  const shape = env.canonical.shapes.get(feature)!;
  const classes = env.canonical.shapes.get(env.canonical.graph.outputs[0].name)!.slice(1).reduce((a, b) => a * b, 1);
  if (!featureMaps(env).includes(feature) || shape[1] !== classes) {
    fail(`the scores are the global average pool of "${feature}" [${shape.join(', ')}], which is not one map per class`);
  }
  return {
    feature,
    pool,
    linear: producer.get(feature) ?? pool,
    row: (t) => Float32Array.from({ length: classes }, (_, k) => (k === t ? 1 : 0)),
    bias: () => 0,
    classMaps: true,
  };
}

export const cam: Method = {
  name: 'cam',
  title: 'CAM',
  description: 'Class activation map: the last feature map weighted by the target\'s row of the final linear layer, or the target\'s own pooled class map (global-average-pool networks).',
  defaults: {},
  graph: (_params, env) => exposingGraph(camHead(env).feature),
  layerQuantity: 'gradient',
  async run(ctx) {
    const head = camHead(ctx.env);
    const pass = await ctx.run(1, () => ctx.input.data, () => 1);
    const { activation, dims } = pass.exposed.get(head.feature)!;
    const [, C, h, w] = dims;
    const hw = h * w;
    const row = head.row(ctx.target);
    // Summed in float64 and rounded once, as Grad-CAM's map (cam/featureMap.ts) and an exported graph's.
    const sum = new Float64Array(hw);
    for (let k = 0; k < C; k++) for (let p = 0; p < hw; p++) sum[p] += row[k] * activation[k * hw + p];
    const map = Float32Array.from(sum);
    const { height, width } = imageLayout(ctx.input.dims, ctx.env.pre.layout);
    const mean = map.reduce((a, b) => a + b, 0) / hw;
    const bias = head.bias(ctx.target);
    return {
      relevance: upsample(map, h, w, height, width),
      relevanceDims: [1, 1, height, width],
      cam: { data: map, dims: [1, 1, h, w] },
      pass,
      notes: [
        head.classMaps
          ? `Layer "${head.feature}" (${C} class maps, ${h}x${w}, from ${head.linear.opType} "${head.linear.name}"): the target's own map, pooled into its score by ${head.pool.opType} "${head.pool.name}".`
          : `Layer "${head.feature}" (${C} channels, ${h}x${w}) into ${head.pool.opType} "${head.pool.name}" and ${head.linear.opType} "${head.linear.name}".`,
        `Mean of the map + bias = ${mean.toPrecision(6)} + ${bias.toPrecision(6)} = ${(mean + bias).toPrecision(6)} (the score: ${pass.scores[0].toPrecision(6)}).`,
      ],
    };
  },
};
