/**
 * DepthToSpace and SpaceToDepth only move elements, so each one's adjoint is its inverse. DCR DepthToSpace and
 * SpaceToDepth are each other's inverse; CRD DepthToSpace is undone by its own Reshape-Transpose-Reshape.
 */
import { A } from '../../compile/builder';
import { attrInt, attrString, type IRNode } from '../../onnx/ir';
import type { BackwardContext } from '../rule';

/** The inverse of a DepthToSpace node (y [N, C, H*b, W*b] from x [N, C*b*b, H, W]), applied to `g` shaped like y. */
export function undoDepthToSpace(ctx: BackwardContext, node: IRNode, g: string): string {
  const bs = attrInt(node, 'blocksize', 1);
  if (attrString(node, 'mode', 'DCR') === 'DCR') return ctx.b.op('SpaceToDepth', [g], { blocksize: A.int(bs) });
  const [n, c, h, w] = ctx.freeShape(node.inputs[0]);
  const b = ctx.b;
  // CRD reads x's channel c * b * b + i * b + j: y [N, C, H, b, W, b] -> [N, C, b, b, H, W].
  const blocks = b.op('Reshape', [g, b.int64s([n, c / (bs * bs), h, bs, w, bs])]);
  const moved = b.op('Transpose', [blocks], { perm: A.ints([0, 1, 3, 5, 2, 4]) });
  return b.op('Reshape', [moved, b.int64s([n, c, h, w])]);
}
