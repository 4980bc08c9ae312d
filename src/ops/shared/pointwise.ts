/**
 * The backward of a one-input elementwise op y = f(x): the signal times the slope f'(x), which each op writes
 * from its input, its output or both (whichever costs fewer nodes), as TensorFlow.js's unary gradients do.
 */
import type { GraphBuilder } from '../../compile/builder';
import type { IRNode } from '../../onnx/ir';
import type { OpBackward } from '../rule';

/** f'(x) as graph nodes: `x` the op's input, `y` its output. */
export type Slope = (b: GraphBuilder, x: string, y: string, node: IRNode) => string;

export function pointwise(opType: string, slope: Slope): OpBackward {
  return {
    opType,
    backward: (node, g, ctx) => [ctx.b.op('Mul', [g, slope(ctx.b, node.inputs[0], node.outputs[0], node)])],
  };
}
