/**
 * --export-preprocess: the graph takes 8-bit pixels [N, H, W, channels] (RGB, or gray for a gray model; resized
 * to the model's size outside) and makes the model's input itself. Every pixel value maps to one input value
 * per channel, (p * scale - mean[c]) / std[c], so the graph looks it up in a table of 256 values per channel
 * computed here exactly as the engine's preprocessing computes them: the input is the engine's to the bit.
 */
import { A, type GraphBuilder } from '../compile/builder';
import { type ValueInfo, floatTensor, int64Tensor } from '../onnx/ir';
import { normalizePixel } from '../preprocess/image';
import type { Preprocessing } from '../protocol';
import { IMAGE } from './names';

export function imageInput(pre: Preprocessing, batch: number | string): ValueInfo {
  return { name: IMAGE, type: 'uint8', dims: [batch, pre.height, pre.width, pre.channels === 'gray' ? 1 : 3] };
}

/** The model's input [N, ...] from IMAGE. */
export function fromPixels(b: GraphBuilder, pre: Preprocessing): string {
  const channels = pre.channels === 'gray' ? 1 : 3;
  const table = new Float32Array(channels * 256);
  for (let c = 0; c < channels; c++) for (let p = 0; p < 256; p++) table[c * 256 + p] = normalizePixel(p, c, pre);
  // Model channel c reads image channel 2 - c for a BGR model.
  const ordered = pre.channels === 'BGR' ? b.op('Gather', [IMAGE, b.constant(int64Tensor([2, 1, 0]), 'bgr')], { axis: A.int(3) }) : IMAGE;
  const index = b.op('Add', [b.op('Cast', [ordered], { to: A.int(7) }), b.constant(int64Tensor(Array.from({ length: channels }, (_, c) => c * 256)), 'channel_offset')]);
  const nhwc = b.op('Gather', [b.constant(floatTensor(table, [channels * 256]), 'pixel_table'), index], { axis: A.int(0) }, 'normalized');
  return pre.layout === 'NCHW' ? b.op('Transpose', [nhwc], { perm: A.ints([0, 3, 1, 2]) }) : nhwc;
}
