/**
 * Layer-wise Relevance Propagation (Bach et al. 2015; rules and composites after Montavon et al. 2019 and
 * Zennit). Relevance starts as the target's score and is passed down layer by layer; every layer's total
 * is reported against the score, so leaks (bias, epsilon) are visible where they happen.
 */
import { pixelRange } from '../preprocess/image';
import type { GraphMethod } from './method';
import { lrpOverride } from './lrp/composites';
import { instabilityNote } from './lrp/instability';

export const lrp: GraphMethod = {
  name: 'lrp',
  title: 'Layer-wise relevance propagation',
  description: 'Relevance passed down layer by layer from the score with a rule per layer (epsilon, z+, alpha-beta, ...).',
  defaults: { rule: 'epsilon', epsilon: 1e-6, bias: 'absorb' },
  graph(params, env) {
    const { rule, epsilon, alpha, beta, gamma, composite, rules, bias, cpLrp } = params;
    const range = pixelRange(env.pre);
    return {
      key: `lrp:${JSON.stringify({ rule, epsilon, alpha, beta, gamma, composite, rules, bias, cpLrp, range })}`,
      options: { layerQuantity: 'signal', seedTimesScore: true, override: lrpOverride(params, { low: range.low, high: range.high }) },
    };
  },
  layerQuantity: 'relevance',
  async run(ctx) {
    const pass = await ctx.run(1, () => ctx.input.data, () => 1);
    const unstable = instabilityNote(pass, pass.scores[0]);
    return { relevance: pass.signal, pass, conserves: pass.scores[0], notes: unstable ? [unstable] : [] };
  },
};
