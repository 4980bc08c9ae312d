/**
 * DeconvNet (Zeiler and Fergus 2014): a ReLU's backward is a ReLU of the signal itself, ignoring which
 * units were active in the forward pass.
 */
import type { BackwardRule } from '../../ops/rule';

export const deconvRelu: BackwardRule = (_node, g, ctx) => [ctx.b.op('Relu', [g])];
