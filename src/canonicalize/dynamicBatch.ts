/**
 * Integrated gradients, SmoothGrad and paired-reference methods run many inputs in one session.run, so the
 * batch axis must be free even in models exported with batch 1 and a hard-coded Reshape to [1, ...].
 */
import { type IRGraph, int64Tensor, tensorToNumbers } from '../onnx/ir';
import { forwardReachable } from './reach';

export function freeBatchAxis(g: IRGraph): string | undefined {
  const input = g.inputs[0];
  if (input.dims.length === 0) return undefined;
  const fixed = input.dims[0];
  input.dims[0] = 'N';
  if (typeof fixed !== 'number') return undefined;
  const onPath = forwardReachable(g);
  let changed = 0;
  for (const n of g.nodes) {
    if (n.opType !== 'Reshape' || !onPath.has(n.inputs[0])) continue;
    if (n.attrs.allowzero?.type === 'int' && n.attrs.allowzero.value === 1) continue;
    const shape = g.inits.get(n.inputs[1]);
    if (!shape) continue;
    const dims = tensorToNumbers(shape);
    if (dims[0] !== fixed) continue;
    // 0 copies the batch dimension from the Reshape's input.
    const name = `${n.inputs[1]}__free_batch`;
    g.inits.set(name, int64Tensor([0, ...dims.slice(1)]));
    n.inputs = [n.inputs[0], name];
    changed++;
  }
  return changed ? `Made the batch axis dynamic (${changed} Reshape(s) had batch ${fixed} fixed).` : undefined;
}
