/** Moves channel blocks into space (sub-pixel upsampling): the signal moves back, by the inverse (shared/blocks.ts). */
import type { OpBackward } from './rule';
import { undoDepthToSpace } from './shared/blocks';

export const DepthToSpace: OpBackward = {
  opType: 'DepthToSpace',
  backward: (node, g, ctx) => [undoDepthToSpace(ctx, node, g)],
};
