/**
 * The RGB picture behind a tensor given directly (not from an image file), by inverting the
 * preprocessing, so overlays work for tensors too.
 */
import type { Preprocessing, TensorInput } from '../protocol';
import { imageLayout } from '../util/imageLayout';
import type { DisplayImage } from './image';

export function tensorToDisplay(t: TensorInput, pre: Preprocessing): DisplayImage {
  const L = imageLayout(t.dims, pre.layout);
  const out = new Uint8Array(L.width * L.height * 3);
  for (let y = 0; y < L.height; y++)
    for (let x = 0; x < L.width; x++)
      for (let k = 0; k < 3; k++) {
        // Display is RGB; the model's channel c for display channel k depends on the channel order.
        const c = L.channels === 1 ? 0 : pre.channels === 'BGR' ? 2 - k : k;
        const v = t.data[c * L.channelStride + (y * L.width + x) * L.pixelStride];
        const p = (v * pre.std[c] + pre.mean[c]) / pre.scale;
        out[(y * L.width + x) * 3 + k] = Math.max(0, Math.min(255, Math.round(p)));
      }
  return { data: out, width: L.width, height: L.height };
}
