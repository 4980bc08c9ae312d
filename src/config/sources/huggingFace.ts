/**
 * Hugging Face exports (Optimum writes preprocessor_config.json and config.json beside model.onnx): the image
 * processor's mean, std, rescale factor, size (height/width, shortest_edge, or a number), crop (crop_size with
 * do_center_crop, or crop_pct) and resample filter, and the labels from config.json's id2label.
 */
import type { Interpolation } from '../../protocol';
import { type Found, indexedNames, nothingFound, numbers, placeholders, positive, put, readJsonBeside } from './found';

const PREPROCESSOR = 'preprocessor_config.json';

/** PIL.Image.Resampling by number, as the processors store `resample` (5, hamming, has no counterpart here). */
const RESAMPLE: Record<number, Interpolation> = { 0: 'nearest', 1: 'lanczos', 2: 'bilinear', 3: 'bicubic', 4: 'box' };

export async function readHuggingFace(dir: string): Promise<Found> {
  const f = nothingFound();
  const p = await readJsonBeside(dir, PREPROCESSOR);
  if (p) readProcessor(p, f);
  const config = await readJsonBeside(dir, 'config.json');
  const labels = indexedNames(config?.id2label);
  if (labels && !placeholders(labels)) {
    f.labels = labels;
    f.sources.labels = 'config.json (id2label)';
  }
  return f;
}

export function readProcessor(p: Record<string, unknown>, f: Found): void {
  const from = (key: string) => `${PREPROCESSOR} (${key})`;
  if (p.do_normalize === false) {
    put(f, 'mean', [0], from('do_normalize: false'));
    put(f, 'std', [1], from('do_normalize: false'));
  } else {
    put(f, 'mean', numbers(p.image_mean), from('image_mean'));
    put(f, 'std', numbers(p.image_std), from('image_std'));
  }
  if (p.do_rescale === false) put(f, 'scale', 1, from('do_rescale: false'));
  else put(f, 'scale', positive(p.rescale_factor), from('rescale_factor'));
  const resample = typeof p.resample === 'number' ? RESAMPLE[p.resample] : undefined;
  put(f, 'interpolation', resample, from('resample'));

  const size = p.size;
  const crop = cropSize(p.crop_size);
  const centerCrop = p.do_center_crop !== false && crop !== undefined;
  const pct = positive(p.crop_pct);
  if (typeof size === 'object' && size !== null) {
    const s = size as Record<string, unknown>;
    const [h, w, shortest] = [positive(s.height), positive(s.width), positive(s.shortest_edge)];
    if (h && w) {
      put(f, 'width', w, from('size.width'));
      put(f, 'height', h, from('size.height'));
      put(f, 'resize', centerCrop ? 'center-crop' : 'stretch', from(centerCrop ? 'do_center_crop' : 'size'));
    } else if (shortest) {
      // ConvNeXt-style: shortest_edge / crop_pct, then the centre shortest_edge; with crop_size, the CLIP style.
      const side = centerCrop ? crop! : shortest;
      put(f, 'width', side, from(centerCrop ? 'crop_size' : 'size.shortest_edge'));
      put(f, 'height', side, from(centerCrop ? 'crop_size' : 'size.shortest_edge'));
      if (centerCrop) {
        put(f, 'resize', { shorter: shortest }, from('size.shortest_edge'));
        put(f, 'crop', crop, from('crop_size'));
      } else if (pct) put(f, 'crop', { crop_pct: pct }, from('crop_pct'));
      else put(f, 'resize', { shorter: shortest }, from('size.shortest_edge'));
    }
  } else if (positive(size)) {
    // Older feature extractors: size is the shorter side (with a centre crop) or the square side.
    const s = positive(size)!;
    if (centerCrop) {
      put(f, 'width', crop, from('crop_size'));
      put(f, 'height', crop, from('crop_size'));
      put(f, 'resize', { shorter: s }, from('size'));
      put(f, 'crop', crop, from('crop_size'));
    } else {
      put(f, 'width', s, from('size'));
      put(f, 'height', s, from('size'));
    }
  }
  // Processors hand the model RGB images.
  if (f.input.mean || f.input.scale) put(f, 'channels', 'RGB', `${PREPROCESSOR} (Hugging Face processors feed RGB)`);
}

function cropSize(v: unknown): number | undefined {
  if (positive(v)) return positive(v);
  if (typeof v === 'object' && v !== null) {
    const c = v as Record<string, unknown>;
    const [h, w] = [positive(c.height), positive(c.width)];
    if (h && w && h === w) return h;
  }
  return undefined;
}
