/**
 * Deep Taylor decomposition (Montavon et al. 2017) of a ReLU network: every ReLU neuron's relevance is
 * expanded at a root point on its hinge, which for non-negative inputs (the activations of the layer
 * below) gives the z+ rule, and for the image, whose values lie in a box [low, high] derived from the
 * preprocessing (pixels 0..255 through scale, mean and std), the zB rule. Exactly LRP with the composite
 * DEEP_TAYLOR (src/methods/lrp/composites.ts): zB on the first linear layer, z+ on every other one,
 * pooling and residual sums as in LRP. Relevance is conserved layer by layer up to the bias (absorbed by
 * default, `bias: 'redistribute'` hands it on).
 *
 * Networks with other activations than ReLU are refused (the root points do not exist), GELU's Erf, the
 * normalizations and products of two image-dependent tensors included; ReLU6 (Clip from 0) counts as a ReLU,
 * its upper saturation ignored as LRP does.
 */
import { ExplainError } from '../errors';
import { attrFloat } from '../onnx/ir';
import { pathNodes } from '../compile/path';
import { pixelRange } from '../preprocess/image';
import type { GraphEnv, Method } from './method';
import { DEEP_TAYLOR, lrpOverride } from './lrp/composites';

const NONLINEAR = new Set([
  'Sigmoid', 'Tanh', 'LeakyRelu', 'PRelu', 'Elu', 'Selu', 'Softplus', 'HardSigmoid', 'HardSwish', 'Softmax', 'LogSoftmax', 'Exp', 'Log',
  'Erf', 'Gelu', 'Mish', 'Sqrt', 'Reciprocal', 'Pow', 'Abs', 'Round', 'LayerNormalization', 'InstanceNormalization', 'GroupNormalization',
]);
/** Ops that multiply two tensors: a product of two image-dependent ones (a gate, attention) is no ReLU network either. */
const PRODUCTS = new Set(['Mul', 'Div', 'MatMul', 'Einsum']);

function requireReluNetwork(env: GraphEnv): void {
  const g = env.canonical.graph;
  const path = pathNodes(g, g.inputs[0].name, g.outputs[0].name);
  const live = new Set([g.inputs[0].name, ...path.flatMap((n) => n.outputs)]);
  for (const n of path) {
    let bad = NONLINEAR.has(n.opType) || (PRODUCTS.has(n.opType) && n.inputs.filter((i) => live.has(i)).length > 1);
    if (n.opType === 'Clip') {
      const c = n.inputs[1] ? g.inits.get(n.inputs[1]) : undefined;
      const low = c ? (c.data as Float32Array)[0] : n.inputs[1] ? NaN : attrFloat(n, 'min', -Infinity);
      bad = low !== 0;
    }
    if (bad) {
      throw new ExplainError(
        'UNSUPPORTED_MODEL',
        `Deep Taylor decomposition needs a ReLU network; ${n.opType} "${n.name}" is another nonlinearity. Use lrp with a composite instead.`,
      );
    }
  }
}

export const deepTaylor: Method = {
  name: 'deep-taylor',
  title: 'Deep Taylor decomposition',
  description: 'Relevance expanded at root points layer by layer: z+ on hidden layers, zB at the pixels (ReLU networks).',
  defaults: { bias: 'absorb' },
  graph(params, env) {
    requireReluNetwork(env);
    const range = pixelRange(env.pre);
    const p = { bias: params.bias };
    return {
      key: `deep-taylor:${JSON.stringify({ ...p, range })}`,
      options: { layerQuantity: 'signal', seedTimesScore: true, override: lrpOverride(p, { low: range.low, high: range.high }, DEEP_TAYLOR) },
    };
  },
  layerQuantity: 'relevance',
  async run(ctx) {
    const pass = await ctx.run(1, () => ctx.input.data, () => 1);
    return { relevance: pass.signal, pass, conserves: pass.scores[0], notes: ['zB on the first layer, z+ on every other linear layer.'] };
  },
};
