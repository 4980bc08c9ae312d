/**
 * What the ONNX file itself says: WinML's metadata_props (Image.BitmapPixelFormat: the channel order;
 * Image.NominalPixelRange: the value range the model wants), a class-names key in metadata_props (a JSON array,
 * a JSON or Python dict from index to name, or a comma or newline separated list), and a ZipMap's class labels.
 */
import type { ChannelOrder } from '../../protocol';
import { type Found, indexedNames, nothingFound, put } from './found';

const PIXEL_FORMATS: Record<string, ChannelOrder> = { Bgr8: 'BGR', Bgra8: 'BGR', Rgb8: 'RGB', Rgba8: 'RGB', Gray8: 'gray', Gray16: 'gray' };

/** Image.NominalPixelRange -> scale and mean (std 1): p * scale - mean lands in the model's range. */
const RANGES: Record<string, { scale: number; mean: number }> = {
  NominalRange_0_255: { scale: 1, mean: 0 },
  Normalized_0_1: { scale: 1 / 255, mean: 0 },
  Normalized_1_1: { scale: 2 / 255, mean: 1 },
};

const LABEL_KEYS = /^(labels|classes|class_names|classnames|names|class_labels|classlabels|synset)$/i;

export function readOnnxMetadata(metadata: Record<string, string> | undefined, zipMap?: { labels: string[]; from: string }): Found {
  const f = nothingFound();
  const props = metadata ?? {};
  const format = PIXEL_FORMATS[props['Image.BitmapPixelFormat'] ?? ''];
  put(f, 'channels', format, `the model's metadata (Image.BitmapPixelFormat ${props['Image.BitmapPixelFormat']})`);
  const range = RANGES[props['Image.NominalPixelRange'] ?? ''];
  if (range) {
    const from = `the model's metadata (Image.NominalPixelRange ${props['Image.NominalPixelRange']})`;
    put(f, 'scale', range.scale, from);
    put(f, 'mean', [range.mean], from);
    put(f, 'std', [1], from);
  }
  for (const [key, value] of Object.entries(props)) {
    if (!LABEL_KEYS.test(key)) continue;
    const labels = parseNames(value);
    if (labels) {
      f.labels = labels;
      f.sources.labels = `the model's metadata ("${key}")`;
      break;
    }
  }
  if (!f.labels && zipMap) {
    f.labels = zipMap.labels;
    f.sources.labels = zipMap.from;
  }
  return f;
}

export function parseNames(text: string): string[] | undefined {
  const t = text.trim();
  const json = tryJson(t) ?? tryJson(pythonDictToJson(t));
  if (Array.isArray(json) && json.length > 0 && json.every((v) => typeof v === 'string')) return json;
  const indexed = indexedNames(json);
  if (indexed?.length) return indexed;
  if (json !== undefined) return undefined;
  const parts = t.split(/\r?\n|,/).map((s) => s.trim());
  return parts.length > 1 && parts.every((s) => s.length > 0) ? parts : undefined;
}

function tryJson(t: string): unknown {
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}

/** Ultralytics writes names as a Python dict: {0: 'person', 1: 'bicycle'}. */
function pythonDictToJson(t: string): string {
  return t.replace(/([{,]\s*)(\d+)\s*:/g, '$1"$2":').replace(/'((?:[^'\\]|\\.)*)'/g, (_, s: string) => JSON.stringify(s.replace(/\\'/g, "'")));
}
