/**
 * Where pixel (c, y, x) of a batch-1 image tensor lives in its flat array, for both layouts, so that code
 * walking images (preprocessing, baselines, heatmaps) never branches on the layout itself.
 * Pure: the webview imports it too.
 */
import { ExplainError } from '../errors';
import type { ChannelOrder, Layout } from '../protocol';

export interface ImageLayout {
  channels: number;
  height: number;
  width: number;
  /** Flat index of (c, y, x) = c * channelStride + (y * width + x) * pixelStride. */
  channelStride: number;
  pixelStride: number;
}

export function imageLayout(dims: readonly number[], layout: Layout): ImageLayout {
  if (dims.length !== 4 || dims[0] !== 1) {
    throw new ExplainError('BAD_ARGUMENT', `Expected an image tensor with batch 1 ([1,C,H,W] or [1,H,W,C]), got [${dims.join(', ')}].`);
  }
  const [channels, height, width] = layout === 'NCHW' ? [dims[1], dims[2], dims[3]] : [dims[3], dims[1], dims[2]];
  return layout === 'NCHW'
    ? { channels, height, width, channelStride: height * width, pixelStride: 1 }
    : { channels, height, width, channelStride: 1, pixelStride: channels };
}

export function channelCount(channels: ChannelOrder): 1 | 3 {
  return channels === 'gray' ? 1 : 3;
}

export function imageDims(channels: number, height: number, width: number, layout: Layout): number[] {
  return layout === 'NCHW' ? [1, channels, height, width] : [1, height, width, channels];
}
