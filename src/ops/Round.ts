/**
 * Round: straight-through, the signal passes unchanged. Its true derivative is 0 wherever it exists, which
 * would explain nothing; Round on a classifier's path is a quantizer's (canonicalize/straightThroughQdq.ts
 * writes every QuantizeLinear/DequantizeLinear pair with one), and quantization-aware training's convention
 * is this identity, with the quantizer's Clip stopping the signal where it saturates.
 */
import type { OpBackward } from './rule';

export const Round: OpBackward = {
  opType: 'Round',
  backward(_node, g) {
    return [g];
  },
};
