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
  /**
   * A Reshape target for a tensor of `tensor`'s batch-1 shape: -1 at its batch axis, which is axis 0 unless the
   * graph moves the batch (attention's [L, N, E], windows merged into it as [N * windows, ...]).
   */
  freeShape(tensor: string): number[];
  /** A constant derived from a weight (keyed by its data array and `kind`), shared with earlier compiles where the weight is the same. */
  derived<T>(weight: object, kind: string, derive: () => T): T;
}

/**
 * Given the backward signal arriving at the node's outputs, returns the signal for each input, or undefined for
 * inputs that need none. `gradOut` is the first output's signal; `gradOuts` holds every output's, undefined
 * where none arrives (an output off the path, MaxPool's indices). A rule is called when any output has a
 * signal; if the first has none, `gradOut` is zeros shaped like it, so single-output rules need not care.
 * A method calling a rule itself may leave `gradOuts` out: then only the first output has a signal.
 */
export type BackwardRule = (node: IRNode, gradOut: string, ctx: BackwardContext, gradOuts?: (string | undefined)[]) => (string | undefined)[];

export interface OpBackward {
  opType: string;
  backward: BackwardRule;
}
