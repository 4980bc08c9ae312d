/**
 * The patch size of a model that reads its image as patch tokens (ViT, DeiT, Swin): its input's first Conv has a
 * kernel equal to its stride. Removing whole tokens is what such a model can notice; smaller patches half-remove
 * several tokens at once.
 */
import { attrInts, type IRGraph } from '../onnx/ir';

export function tokenPatchSize(g: IRGraph): number | undefined {
  const input = g.inputs[0]?.name;
  const embed = g.nodes.find((n) => n.opType === 'Conv' && n.inputs[0] === input);
  const kernel = embed && attrInts(embed, 'kernel_shape');
  const strides = embed && attrInts(embed, 'strides');
  if (!kernel || !strides || kernel.length !== 2 || kernel[0] !== kernel[1] || strides[0] !== kernel[0] || strides[1] !== kernel[1]) return undefined;
  // A stride-2 or stride-4 stem is an ordinary convolution, not a tokenizer.
  return kernel[0] >= 8 ? kernel[0] : undefined;
}
