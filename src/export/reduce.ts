/** A Reduce* node in the graph's opset: axes an attribute before opset 18 (ReduceSum's from 13), an input from then on. */
import { A, type GraphBuilder } from '../compile/builder';

export type Reduction = 'ReduceSum' | 'ReduceMean' | 'ReduceMax' | 'ReduceMin';

export function reduce(b: GraphBuilder, opset: number, op: Reduction, x: string, axes: number[], keepdims: boolean): string {
  const asInput = op === 'ReduceSum' ? opset >= 13 : opset >= 18;
  const keep = { keepdims: A.int(keepdims ? 1 : 0) };
  return asInput ? b.op(op, [x, b.int64s(axes)], keep) : b.op(op, [x], { ...keep, axes: A.ints(axes) });
}
