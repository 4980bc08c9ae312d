/**
 * The refusal of a relevance method (LRP, Deep Taylor, DeepLIFT) on an op it has no rule for. The op's
 * gradient would run in the rule's place without a word, and the relevance it passes on neither follows the
 * method's rule nor conserves; the user gets the op, the node and methods that do work on any
 * differentiable op instead.
 */
import { ExplainError } from '../errors';
import type { IRNode } from '../onnx/ir';

export function noRelevanceRule(method: string, node: IRNode, why = 'no relevance rule'): ExplainError {
  return new ExplainError(
    'UNSUPPORTED_OP',
    `${method} has ${why} for ${node.opType} (node "${node.name}"): its gradient would stand in for one and not conserve relevance. ` +
      'Use gradient-x-input, integrated-gradients or smoothgrad, which work on every op the engine differentiates.',
  );
}
