/**
 * timm's config.json (as its Hugging Face hub exports write it): pretrained_cfg's mean, std (of pixels in 0..1),
 * input_size [C, H, W], crop_pct and interpolation, and label_names.
 */
import type { Interpolation } from '../../protocol';
import { type Found, nothingFound, numbers, positive, put, readJsonBeside } from './found';

const INTERPOLATIONS: Interpolation[] = ['nearest', 'bilinear', 'bicubic', 'lanczos', 'box'];

export async function readTimm(dir: string): Promise<Found> {
  const f = nothingFound();
  const config = await readJsonBeside(dir, 'config.json');
  const cfg = config?.pretrained_cfg;
  if (!config || typeof cfg !== 'object' || cfg === null) return f;
  const c = cfg as Record<string, unknown>;
  const from = (key: string) => `config.json pretrained_cfg (${key})`;
  const mean = numbers(c.mean);
  const std = numbers(c.std);
  put(f, 'mean', mean, from('mean'));
  put(f, 'std', std, from('std'));
  if (mean || std) {
    put(f, 'scale', 1 / 255, from('timm normalizes pixels in 0..1'));
    put(f, 'channels', 'RGB', from('timm feeds RGB'));
  }
  const size = numbers(c.input_size);
  if (size?.length === 3) {
    put(f, 'height', size[1], from('input_size'));
    put(f, 'width', size[2], from('input_size'));
  }
  const pct = positive(c.crop_pct);
  if (pct && (c.crop_mode === undefined || c.crop_mode === 'center')) put(f, 'crop', { crop_pct: pct }, from('crop_pct'));
  const interpolation = INTERPOLATIONS.find((i) => i === c.interpolation);
  put(f, 'interpolation', interpolation, from('interpolation'));
  const names = config.label_names;
  if (Array.isArray(names) && names.length > 0 && names.every((n) => typeof n === 'string')) {
    f.labels = names;
    f.sources.labels = 'config.json (label_names)';
  }
  return f;
}
