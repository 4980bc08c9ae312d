/** Moves space blocks into channels: the signal moves back with DepthToSpace in DCR mode, its inverse. */
import { A } from '../compile/builder';
import { attrInt } from '../onnx/ir';
import type { OpBackward } from './rule';

export const SpaceToDepth: OpBackward = {
  opType: 'SpaceToDepth',
  backward: (node, g, ctx) => [ctx.b.op('DepthToSpace', [g], { blocksize: A.int(attrInt(node, 'blocksize', 1)), mode: A.str('DCR') })],
};
