/**
 * The zoo fixtures (test/fixtures/zoo, made by make_zoo.py): small random-weight models of the families users
 * bring, each family's weights exported at several opsets, with torch's logits and float64 input gradient.
 */
import { readFileSync } from 'node:fs';
import type { TensorInput } from '../../src/protocol';
import { fixture } from './fixtures';
import { readNpz } from './npz';

export const ZOO_FAMILIES = ['efficientnet', 'mobilenetv3', 'shufflenetv2', 'mnasnet', 'regnety', 'convnext', 'vit', 'swin', 'maxvit'] as const;
export type ZooFamily = (typeof ZOO_FAMILIES)[number];
export const ZOO_OPSETS = [13, 14, 17] as const;

export interface ZooModel {
  /** `<family>_opset<N>`, the file's name without `.onnx`. */
  id: string;
  family: ZooFamily;
  opset: number;
  path: string;
  /** The explained class: the float64 argmax. */
  target: number;
  input: TensorInput;
  /** torch float32 and float64 logits, and d logits64[target] / d input in float64 (read as float32). */
  logits32: Float32Array;
  logits64: Float32Array;
  grad64: Float32Array;
}

const references = new Map<ZooFamily, Omit<ZooModel, 'id' | 'opset' | 'path'>>();

export function zooModel(family: ZooFamily, opset: number): ZooModel {
  let ref = references.get(family);
  if (!ref) {
    const meta = JSON.parse(readFileSync(fixture('zoo', `${family}.json`), 'utf8')) as { target: number };
    const a = readNpz(fixture('zoo', `${family}.npz`));
    const x = a.get('input')!;
    ref = { family, target: meta.target, input: { data: x.data, dims: x.shape }, logits32: a.get('logits32')!.data, logits64: a.get('logits64')!.data, grad64: a.get('grad64')!.data };
    references.set(family, ref);
  }
  const id = `${family}_opset${opset}`;
  return { ...ref, id, opset, path: fixture('zoo', `${id}.onnx`) };
}

export function zooModels(): ZooModel[] {
  return ZOO_FAMILIES.flatMap((f) => ZOO_OPSETS.map((o) => zooModel(f, o)));
}
