/**
 * Warnings about the preprocessing in the result (issue 18): an unconfigured model's preprocessing is called a
 * guess; a configured preprocessing under which the model is far less sure than under another preset names that
 * preset (SqueezeNet, trained on BGR 0..255, configured as torchvision); a configuration spelling a preset out field
 * by field counts as that preset; a size found in metadata that the model's input shape overrules is reported
 * with both sources, not dropped silently.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Engine } from '../../../src/engine/engine';
import { presetMismatchNote } from '../../../src/preprocess/plausibility';
import type { ModelSource, PresetName } from '../../../src/protocol';
import { resolvePreprocessing } from '../../../src/config/inputShape';
import { fixture } from '../../helpers/fixtures';
import { SQUEEZENET_FP32, seededInput } from '../../helpers/models';

const dir = mkdtempSync(join(tmpdir(), 'explain-warn-'));
const MODEL = join(dir, 'squeezenet.onnx');
copyFileSync(SQUEEZENET_FP32, MODEL);
const FISH = fixture('images', 'winml_fish_224.png');
const engine = new Engine();
after(async () => {
  await engine.clearCache();
  rmSync(dir, { recursive: true, force: true });
});

const explain = (model: ModelSource) => engine.explain({ model, image: { path: FISH }, method: 'gradient' });
const configured = (input: object): ModelSource => ({ config: { model: 'squeezenet.onnx', input }, baseDir: dir });

describe('preprocessing warnings in the result', () => {
  it('an unconfigured model: its preprocessing is a guess', async () => {
    const r = await explain({ path: MODEL });
    assert.ok(r.notes.some((n) => /preprocessing, so it is a guess/.test(n)), r.notes.join('\n'));
  });

  it('configured as torchvision: the note names raw-bgr, under which the fish is a tench at 73.8%', async () => {
    const r = await explain(configured({ preset: 'torchvision' }));
    const note = r.notes.find((n) => /far below|probably expects/.test(n));
    assert.ok(note, r.notes.join('\n'));
    assert.match(note, /\(preset torchvision\) the model's top class is "mosquito net" at \d+\.\d%; with preset raw-bgr it is "tench" at 73\.\d% on this image/);
  });

  it('the bundled configuration (raw-bgr spelled out field by field) draws no such note, even where keras-caffe is 3x as sure', async () => {
    const bundled = configured({ channels: 'BGR', scale: 1, mean: [0, 0, 0], std: [1, 1, 1], resize: 'stretch' });
    const r = await explain(bundled);
    assert.equal(r.label, 'tench');
    assert.ok(!r.notes.some((n) => /probably expects|is a guess/.test(n)), r.notes.join('\n'));
    const dog = await engine.explain({ model: bundled, image: { path: fixture('images', 'darknet_dog_224.png') }, method: 'gradient' });
    const table = await engine.suggestPresets(bundled, fixture('images', 'darknet_dog_224.png'));
    assert.equal(table.trials[0].preset, 'keras-caffe', 'the case the scale condition is for');
    assert.ok(!dog.notes.some((n) => /probably expects/.test(n)), dog.notes.join('\n'));
  });

  it('the threshold: twice as sure, 25 points more and another scale of pixels, else nothing', () => {
    const resolved = (preset: PresetName) => resolvePreprocessing({ preset }, [1, 3, 224, 224]);
    const best = (preset: PresetName, probability: number) => ({ trial: { preset, summary: 's', index: 1, label: 'x', probability, score: 0, suggested: true }, input: resolved(preset) });
    const given = (preset: PresetName, probability: number) => ({ preset, label: 'y', probability, input: resolved(preset) });
    assert.ok(presetMismatchNote(given('torchvision', 0.3), best('raw-bgr', 0.6)));
    assert.equal(presetMismatchNote(given('torchvision', 0.31), best('raw-bgr', 0.6)), undefined, 'less than twice');
    assert.equal(presetMismatchNote(given('torchvision', 0.1), best('raw-bgr', 0.3)), undefined, 'less than 25 points');
    assert.equal(presetMismatchNote(given('torchvision', 0.1), best('torchvision', 0.9)), undefined, 'the configured preset is the best');
    // Channel order and a subtracted mean keep the scale: confidence does not decide between them.
    assert.equal(presetMismatchNote(given('raw-bgr', 0.2), best('keras-caffe', 0.7)), undefined, 'same scale');
    assert.equal(presetMismatchNote(given('keras-tf', 0.2), best('unit', 0.7)), undefined, '-1..1 and 0..1 are 2x apart, not more');
    assert.ok(presetMismatchNote(given('unit', 0.2), best('torchvision', 0.7)), '0..1 and ImageNet-normalised are 4.4x apart');
  });

  it('a metadata size the model overrules: both sources named, the model\'s shape used', async () => {
    const meta = mkdtempSync(join(dir, 'hf-'));
    copyFileSync(fixture('sources', 'tiny.onnx'), join(meta, 'model.onnx'));
    writeFileSync(join(meta, 'preprocessor_config.json'), JSON.stringify({ size: { height: 32, width: 32 }, image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0.5, 0.5] }));
    const model = { path: join(meta, 'model.onnx') };
    const info = await engine.inspect(model);
    assert.equal(info.config.input.width, 16);
    assert.deepEqual(info.config.input.mean, [0.5, 0.5, 0.5], 'the rest of the metadata is kept');
    const note = info.notes.find((n) => /disagrees/.test(n));
    assert.ok(note, info.notes.join('\n'));
    assert.match(note, /input shape \[N, 3, 16, 16\]/);
    assert.match(note, /width 32 from preprocessor_config\.json \(size\.width\), height 32 from preprocessor_config\.json \(size\.height\)/);
    const r = await engine.explain({ model, image: { tensor: { data: seededInput(3 * 16 * 16, 1), dims: [1, 3, 16, 16] } }, method: 'gradient' });
    assert.ok(r.notes.includes(note), 'the result carries it too');
  });
});
