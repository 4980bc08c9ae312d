/**
 * Every metadata source beside or inside a model, layered: the model file's own metadata first, then Hugging
 * Face's processor and config, then timm's config. A configuration's fields win over all of them (engine).
 */
import { type Found, firstOf } from './found';
import { readHuggingFace } from './huggingFace';
import { readOnnxMetadata } from './onnxMetadata';
import { readTimm } from './timm';

export type { Found } from './found';
export { labelsByCount, labelsFor } from './labelsByCount';

export async function readModelSources(
  modelDir: string,
  metadata: Record<string, string> | undefined,
  zipMap?: { labels: string[]; from: string },
): Promise<Found> {
  const [hf, timm] = await Promise.all([readHuggingFace(modelDir), readTimm(modelDir)]);
  return firstOf(readOnnxMetadata(metadata, zipMap), hf, timm);
}
