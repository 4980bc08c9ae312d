/**
 * The whole pipeline (loadGraph + canonicalize, then the plain forward the engine runs) against the reference
 * logits that PyTorch computed for every reference pair (test/fixtures/reference), and against the original
 * model in onnxruntime.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { type LoadedGraph, canonicalize, loadGraph } from '../../../src/canonicalize';
import { fixture } from '../../helpers/fixtures';
import {
  FP16_TOLERANCE,
  MNIST,
  MOBILENET_MINI,
  RESNET_MINI,
  SQUEEZENET,
  TOLERANCE,
  VGG_MINI,
  modelBytes,
  modelFile,
  reference,
  relDiff,
  runScores,
  softmax,
} from '../../helpers/models';
import { assertMatchesOriginal } from '../../helpers/scoresUnchanged';

const MODEL_OF: Record<string, string> = {
  mnist: MNIST,
  squeezenet: SQUEEZENET,
  resnet_mini: RESNET_MINI,
  mobilenet_mini: MOBILENET_MINI,
  vgg_mini: VGG_MINI,
};
/** PyTorch (float32, other summation order) against onnxruntime: relative to the largest logit. */
const REFERENCE_TOLERANCE = 1e-4;

const pairs = readdirSync(fixture('reference'))
  .filter((f) => f.endsWith('.npz') && !f.includes('revealcancel'))
  .map((f) => f.replace(/\.npz$/, ''))
  .sort();

const loaded = new Map<string, Promise<LoadedGraph>>();
const load = (file: string) => {
  let l = loaded.get(file);
  if (!l) loaded.set(file, (l = loadGraph(modelBytes(file), file)));
  return l;
};

test('every model has reference pairs', () => {
  assert.equal(pairs.length, 9);
  assert.deepEqual(new Set(pairs.map((p) => p.split('__')[0])), new Set(Object.keys(MODEL_OF)));
});

for (const pair of pairs) {
  test(`reference logits: ${pair}`, async (t) => {
    const file = MODEL_OF[pair.split('__')[0]];
    const ref = reference(pair);
    const canonical = await canonicalize(await load(file), ref.dims);
    const scores = await runScores(canonical.graph, ref.input, ref.dims);
    assert.equal(scores.length, ref.logits.length);
    const d = relDiff(scores, ref.logits);
    t.diagnostic(`vs reference logits ${d.toExponential(2)}`);
    assert.ok(d <= REFERENCE_TOLERANCE, `vs reference: ${d}`);
    // SqueezeNet's original ends in a Softmax in fp16; the others output their logits in fp32.
    const squeezeNet = file === SQUEEZENET;
    await assertMatchesOriginal(t, squeezeNet ? softmax(scores) : scores, modelFile(file), ref.input, ref.dims, {
      tolerance: squeezeNet ? FP16_TOLERANCE : TOLERANCE,
      label: 'vs original model',
    });
  });
}
