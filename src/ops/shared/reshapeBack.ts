/** Ops that only rearrange a tensor's shape: the signal takes the input's shape back. */
import type { BackwardRule } from '../rule';
import { reshapeLike } from './unbroadcast';

export const reshapeBack: BackwardRule = (node, g, ctx) => [reshapeLike(ctx, g, node.inputs[0])];
