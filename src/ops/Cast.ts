/**
 * A cast to float (of a float: the engine computes float16 in float32) passes the signal unchanged. A cast to
 * any other type (an integer, a bool, double) ends differentiability or leaves float32: refused by name.
 */
import { ExplainError } from '../errors';
import { attrInt } from '../onnx/ir';
import type { OpBackward } from './rule';

const FLOAT = 1;

export const Cast: OpBackward = {
  opType: 'Cast',
  backward(node, g) {
    const to = attrInt(node, 'to', 0);
    if (to !== FLOAT) {
      throw new ExplainError(
        'UNSUPPORTED_OP',
        `Cast ${node.name} turns an image-dependent tensor into ONNX type ${to}, not float: no gradient passes a cast to integers or booleans, and the engine computes in float32.`,
      );
    }
    return [g];
  },
};
