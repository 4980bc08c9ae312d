/**
 * XRAI's candidate regions: segments of several segmentations of the displayed image, overlapping, each
 * dilated by a disk. The paper and the PAIR saliency library take Felzenszwalb's graph segmentation at six
 * scales (50 to 1200 on a 224 px image) and dilate by 5 px; here SLIC at six sizes, from about 8 to about 256
 * superpixels (Felzenszwalb's range of segment counts), with the dilation radius scaled to the image (5 px at
 * 224). A region is its pixel indices, sorted.
 */
import type { DisplayImage } from '../../preprocess/image';
import { slicSegments } from '../features/slic';

export const SEGMENT_COUNTS = [8, 16, 32, 64, 128, 256];

export function xraiRegions(image: DisplayImage): { regions: Int32Array[]; radius: number } {
  const { width, height } = image;
  const radius = Math.max(1, Math.round((5 * Math.min(width, height)) / 224));
  const regions: Int32Array[] = [];
  for (const n of SEGMENT_COUNTS) {
    if (n > width * height) break;
    const s = slicSegments(image, n);
    const members: number[][] = Array.from({ length: s.count }, () => []);
    s.labels.forEach((l, p) => members[l].push(p));
    for (const m of members) regions.push(dilate(m, width, height, radius));
  }
  return { regions, radius };
}

/** The pixels within `radius` (Euclidean) of any pixel of `pixels`, sorted. */
export function dilate(pixels: ArrayLike<number>, width: number, height: number, radius: number): Int32Array {
  const inside = new Uint8Array(width * height);
  for (let i = 0; i < pixels.length; i++) inside[pixels[i]] = 1;
  const out = new Uint8Array(width * height);
  for (let i = 0; i < pixels.length; i++) {
    const p = pixels[i];
    const x = p % width;
    const y = Math.floor(p / width);
    for (let dy = -radius; dy <= radius; dy++) {
      const yy = y + dy;
      if (yy < 0 || yy >= height) continue;
      const span = Math.floor(Math.sqrt(radius * radius - dy * dy));
      for (let xx = Math.max(0, x - span); xx <= Math.min(width - 1, x + span); xx++) out[yy * width + xx] = 1;
    }
  }
  const list: number[] = [];
  out.forEach((v, p) => v && list.push(p));
  return Int32Array.from(list);
}
