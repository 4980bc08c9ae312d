/**
 * The contract of the backward rule table: one file per ONNX op exports a BackwardRule, in the manner of
 * TensorFlow.js's gradient registry. Methods (guided backprop, LRP, DeepLIFT) override the rule for an op
 * type or a node without touching the op's file.
 */
import type { ConstTensor, IRNode } from '../onnx/ir';
import type { GraphBuilder } from '../compile/builder';

export interface BackwardContext {
  b: GraphBuilder;
  /** Shape of a tensor on the path (batch 1). */
  shape(tensor: string): number[];
  /** The value of a constant input, if it is one. */
  constant(tensor: string): ConstTensor | undefined;
  /** Whether the backward signal must reach this tensor (it lies on the path from the image). */
  needsGrad(tensor: string): boolean;
  /** Adds (or returns) the forward node's output at `index`, e.g. MaxPool's argmax indices. */
  forwardOutput(node: IRNode, index: number): string;
}

/**
 * Given the backward signal arriving at the node's (first) output, returns the signal for each input, or
 * undefined for inputs that need none.
 */
export type BackwardRule = (node: IRNode, gradOut: string, ctx: BackwardContext) => (string | undefined)[];

export interface OpBackward {
  opType: string;
  backward: BackwardRule;
}
