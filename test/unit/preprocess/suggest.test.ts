/**
 * The preset suggestion (issue 18) on the SqueezeNet the extension bundles, here without its configuration: it
 * was converted from Caffe and is fed BGR 0..255 (Microsoft's WinMLRunner test: fish.png -> tench 0.7378). One
 * photo's top-1 confidence separates the 0..255 presets from the normalised ones (which make this model answer
 * "mosquito net" or "loggerhead" whatever the photo), but not RGB from BGR nor a subtracted mean from none: on
 * the shared photos raw, raw-bgr and keras-caffe each win some. So the test asks what holds: on the fish the
 * suggestion is raw-bgr with Microsoft's probability, summed over the photos raw-bgr is more than twice as
 * confident as every normalised preset, and the batched scores are the original model's one input at a time.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Engine } from '../../../src/engine/engine';
import { decodeImage } from '../../../src/preprocess/image';
import type { PresetName, PresetTrial } from '../../../src/protocol';
import { PRESETS, presetsFor } from '../../../src/preprocess/presets';
import { presetInputs, topOf } from '../../../src/preprocess/suggest';
import { fixture } from '../../helpers/fixtures';
import { SQUEEZENET_FP32, modelFile, runOriginal } from '../../helpers/models';

const PHOTOS = ['winml_fish_224.png', 'winml_kitten_224.png', 'astronaut_224.png', 'rocket_224.png', 'darknet_dog_224.png', 'darknet_eagle_224.png'];

// A copy in a folder of its own: no sidecar, no metadata beside it, as a user's download would be.
const dir = mkdtempSync(join(tmpdir(), 'explain-suggest-'));
const MODEL = join(dir, 'squeezenet.onnx');
copyFileSync(SQUEEZENET_FP32, MODEL);
const engine = new Engine();
const tableText = (trials: PresetTrial[]) => trials.map((t) => `${t.preset} ${t.label} ${(t.probability * 100).toFixed(1)}%`).join('\n');
after(async () => {
  await engine.clearCache();
  rmSync(dir, { recursive: true, force: true });
});

describe('preset suggestion on the bundled SqueezeNet (no configuration)', () => {
  test('fish.png: raw-bgr is suggested, tench at the probability Microsoft\'s WinMLRunner test expects (0.7378), in one batched forward', async () => {
    const table = await engine.suggestPresets({ path: MODEL }, fixture('images', 'winml_fish_224.png'));
    assert.equal(table.runs, 1, 'one batched forward');
    assert.deepEqual(new Set(table.trials.map((t) => t.preset)), new Set(presetsFor(3)));
    const [best] = table.trials;
    assert.equal(best.preset, 'raw-bgr', tableText(table.trials));
    assert.equal(best.index, 0);
    assert.equal(best.label, 'tench', 'labels assumed from the 1000 outputs');
    assert.ok(Math.abs(best.probability - 0.7378) < 1e-3, `${best.probability}`);
    assert.deepEqual(table.trials.map((t) => t.suggested), table.trials.map((_, i) => i === 0), 'exactly one suggestion, the first');
    for (let i = 1; i < table.trials.length; i++) assert.ok(table.trials[i - 1].probability >= table.trials[i].probability, 'most confident first');
  });

  test('summed over the shared photos, raw-bgr is more than twice as confident as every normalised preset', async () => {
    const total = new Map<string, number>();
    for (const photo of PHOTOS) {
      const table = await engine.suggestPresets({ path: MODEL }, fixture('images', photo));
      for (const t of table.trials) total.set(t.preset, (total.get(t.preset) ?? 0) + t.probability);
    }
    const rawBgr = total.get('raw-bgr')!;
    for (const [preset, sum] of total) {
      if (PRESETS[preset as PresetName].input.scale === 1) continue; // the 0..255 presets: raw, raw-bgr, keras-caffe
      assert.ok(rawBgr > 2 * sum, `raw-bgr ${rawBgr.toFixed(3)} vs ${preset} ${sum.toFixed(3)}`);
    }
  });

  test('the batched scores are the original model\'s on each preset\'s input, one at a time', async () => {
    const image = fixture('images', 'winml_kitten_224.png');
    const table = await engine.suggestPresets({ path: MODEL }, image);
    for (const { preset, input } of presetInputs({ width: 224, height: 224, layout: 'NCHW', channels: 'RGB' }, [1, 3, 224, 224])) {
      const { tensor } = await decodeImage(image, input);
      const scores = (await runOriginal(SQUEEZENET_FP32, tensor.data, tensor.dims)).data;
      // The model ends in a Softmax, which the engine cuts: the original's output is already the probability.
      const ref = topOf(Array.from(scores, (p) => Math.log(Math.max(p, 1e-30))));
      const trial = table.trials.find((t) => t.preset === preset)!;
      assert.equal(trial.index, ref.index, preset);
      assert.ok(Math.abs(trial.probability - scores[ref.index]) < 1e-4, `${preset}: ${trial.probability} vs ${scores[ref.index]}`);
      assert.equal(trial.summary, PRESETS[preset].summary);
    }
  });

  test('a gray model is offered the gray preset only; labels are the assumed digits', async () => {
    const table = await engine.suggestPresets({ path: modelFile('mnist_cntk_winml.onnx') }, fixture('images', 'mnist_wonnx_3_28.png'));
    assert.deepEqual(table.trials.map((t) => t.preset), ['mnist']);
    assert.match(table.labelsFrom ?? '', /./);
  });
});
