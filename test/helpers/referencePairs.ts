/**
 * The model/image pairs of test/fixtures/reference (computed with Captum 0.7 and Zennit 0.5, conventions
 * in its README), with the ORIGINAL model file each was computed for, or another file of the same network.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { TensorInput } from '../../src/protocol';
import { fixture } from './fixtures';
import { readNpz } from './npz';

/** max |a - b| / max |b| (the same function as relDiff of ./models). */
export { relDiff as relativeMaxError } from './relDiff';

/** The model files the references were computed for. */
export const ORIGINAL_MODELS: Record<string, string> = {
  mnist: 'mnist_cntk_winml.onnx',
  squeezenet: 'squeezenet1.1_winml_fp16.onnx',
  resnet_mini: 'resnet_mini.onnx',
  mobilenet_mini: 'mobilenet_mini.onnx',
  vgg_mini: 'vgg_mini.onnx',
};

/** The same networks exported again by torch.onnx (models/PROVENANCE.md): other files computing the same scores. */
export const REEXPORTED_MODELS: Record<string, string> = {
  mnist: 'mnist_cntk_winml_logits_opset13.onnx',
  squeezenet: 'squeezenet1.1_winml_logits_opset13.onnx',
};

export interface ReferencePair {
  id: string;
  model: string;
  modelPath: string;
  target: number;
  json: Record<string, unknown>;
  arrays: Map<string, { data: Float32Array; shape: number[] }>;
  /** The preprocessed input, batch 1. */
  input: TensorInput;
}

/** The pairs whose model has a file in `models` (by default the originals), run on that file. */
export function referencePairs(suffix = '', models = ORIGINAL_MODELS): ReferencePair[] {
  const dir = fixture('reference');
  return readdirSync(dir)
    .filter((f) => f.endsWith(`${suffix}.json`) && (suffix !== '' || !f.includes('__revealcancel')) && f.includes('__t'))
    .sort()
    .flatMap((f) => {
      const id = f.replace(/\.json$/, '');
      const json = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) as Record<string, unknown>;
      const model = String(json.model);
      if (!models[model]) return [];
      const arrays = readNpz(`${dir}/${id}.npz`);
      const x = arrays.get('input') ?? readNpz(`${dir}/${id.replace(suffix, '')}.npz`).get('input')!;
      return {
        id,
        model,
        modelPath: fixture('models', models[model]),
        target: Number(json.target),
        json,
        arrays,
        input: { data: x.data, dims: [1, ...x.shape] },
      };
    });
}

export function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}
