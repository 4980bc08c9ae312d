/**
 * The class each row explains, inside the graph: the `target` input, where -1 stands for the row's top class
 * (ONNX has no optional inputs: an input that is also an initializer would be one, but onnxruntime's Node and
 * web APIs leave such inputs out of the feeds they accept), and the seed one-hot on it that the compiled
 * backward starts from.
 */
import { A, type GraphBuilder } from '../compile/builder';
import { type ValueInfo, floatTensor, int64Tensor } from '../onnx/ir';
import { EXPLAINED_CLASS, TARGET } from './names';

/** [N], or [1] for every row. */
export const TARGET_INPUT: ValueInfo = { name: TARGET, type: 'int64', dims: ['target_rows'] };

/** int64 [N], output as EXPLAINED_CLASS: the target, or the row's argmax of `logits` [N, K] where it is negative. */
export function explainedClass(b: GraphBuilder, logits: string): string {
  const top = b.op('ArgMax', [logits], { axis: A.int(1), keepdims: A.int(0) }, 'top_class');
  const negative = b.op('Less', [TARGET, b.constant(int64Tensor([0], []), 'zero')]);
  return b.opTo('Where', [negative, top, TARGET], EXPLAINED_CLASS);
}

/** The seed [N * repeats, K]: one-hot on each row's class, every row repeated `repeats` times in a row. */
export function seedFor(b: GraphBuilder, cls: string, classes: number, repeats: number): string {
  const oneHot = b.op('OneHot', [cls, b.constant(int64Tensor([classes], []), 'depth'), b.constant(floatTensor([0, 1], [2]), 'off_on')], { axis: A.int(-1) }, 'seed');
  if (repeats === 1) return oneHot;
  const tiled = b.op('Tile', [b.op('Unsqueeze', [oneHot, b.int64s([1])]), b.int64s([1, repeats, 1])]);
  return b.op('Reshape', [tiled, b.int64s([-1, classes])], {}, 'seeds');
}
