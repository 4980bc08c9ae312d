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
import type { ModelSource, PresetTrial } from '../../../src/protocol';
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

  it('the bundled configuration (raw-bgr spelled out field by field) draws no such note', async () => {
    const r = await explain(configured({ channels: 'BGR', scale: 1, mean: [0, 0, 0], std: [1, 1, 1], resize: 'stretch' }));
    assert.equal(r.label, 'tench');
    assert.ok(!r.notes.some((n) => /probably expects|is a guess/.test(n)), r.notes.join('\n'));
  });

  it('the threshold: twice as sure and 25 points more, else nothing', () => {
    const trial = (preset: PresetTrial['preset'], probability: number): PresetTrial => ({ preset, summary: 's', index: 1, label: 'x', probability, score: 0, suggested: true });
    const given = { preset: 'torchvision' as const, label: 'y' };
    assert.ok(presetMismatchNote({ ...given, probability: 0.3 }, [trial('raw-bgr', 0.6)]));
    assert.equal(presetMismatchNote({ ...given, probability: 0.31 }, [trial('raw-bgr', 0.6)]), undefined, 'less than twice');
    assert.equal(presetMismatchNote({ ...given, probability: 0.1 }, [trial('raw-bgr', 0.3)]), undefined, 'less than 25 points');
    assert.equal(presetMismatchNote({ ...given, probability: 0.1 }, [trial('torchvision', 0.9)]), undefined, 'the configured preset is the best');
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
