/**
 * What the files beside the model say (issue 18): Hugging Face's preprocessor_config.json and config.json, timm's
 * config.json, the ONNX file's metadata_props (WinML) and labels by class count, each field with its origin, and
 * the engine layering them under the configuration and showing every origin in the result.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { resultJson } from '../../../src/cli/writeResults';
import { readHuggingFace } from '../../../src/config/sources/huggingFace';
import { labelsByCount } from '../../../src/config/sources/labelsByCount';
import { parseNames, readOnnxMetadata } from '../../../src/config/sources/onnxMetadata';
import { readTimm } from '../../../src/config/sources/timm';
import { Engine } from '../../../src/engine/engine';
import { decodeModel } from '../../../src/onnx/decode';
import type { ModelSource } from '../../../src/protocol';
import { fixture } from '../../helpers/fixtures';
import { seededInput } from '../../helpers/models';

const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const src = (...p: string[]) => fixture('sources', ...p);
const tmp = mkdtempSync(join(tmpdir(), 'explain-meta-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** tiny.onnx in a folder of its own beside the given metadata files. */
function besideTiny(folder: string): string {
  const dir = mkdtempSync(join(tmp, `${folder}-`));
  copyFileSync(src('tiny.onnx'), join(dir, 'model.onnx'));
  for (const f of ['preprocessor_config.json', 'config.json']) {
    try {
      copyFileSync(src(folder, f), join(dir, f));
    } catch {
      // not every fixture folder has both
    }
  }
  return join(dir, 'model.onnx');
}

async function explained(model: ModelSource) {
  const engine = new Engine();
  try {
    const info = await engine.inspect(model);
    const r = await engine.explain({ model, image: { tensor: { data: seededInput(3 * 16 * 16, 9), dims: [1, 3, 16, 16] } }, method: 'gradient', target: 4 });
    return { info, r };
  } finally {
    await engine.clearCache();
  }
}

describe('metadata readers', () => {
  it('Hugging Face ViT: mean, std, rescale, size and resample from preprocessor_config.json, labels from id2label', async () => {
    const f = await readHuggingFace(src('hf_vit'));
    assert.deepEqual(f.input, { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], scale: 0.00392156862745098, interpolation: 'bilinear', width: 16, height: 16, resize: 'stretch', channels: 'RGB' });
    assert.equal(f.sources.mean, 'preprocessor_config.json (image_mean)');
    assert.equal(f.sources.scale, 'preprocessor_config.json (rescale_factor)');
    assert.deepEqual(f.labels, DIGITS);
    assert.equal(f.sources.labels, 'config.json (id2label)');
  });

  it('Hugging Face ConvNeXt: shortest_edge with crop_pct, bicubic; LABEL_i placeholders are no labels', async () => {
    const f = await readHuggingFace(src('hf_convnext'));
    assert.deepEqual(f.input.crop, { crop_pct: 0.875 });
    assert.equal(f.input.width, 16);
    assert.equal(f.input.interpolation, 'bicubic');
    assert.equal(f.sources.crop, 'preprocessor_config.json (crop_pct)');
    assert.equal(f.labels, undefined);
  });

  it('Hugging Face DeiT feature extractor: size as the shorter side, crop_size with do_center_crop', async () => {
    const f = await readHuggingFace(src('hf_deit'));
    assert.deepEqual(f.input.resize, { shorter: 18 });
    assert.equal(f.input.crop, 16);
    assert.equal(f.input.width, 16);
    assert.equal(f.sources.crop, 'preprocessor_config.json (crop_size)');
  });

  it('timm: pretrained_cfg mean, std (pixels in 0..1), input_size, crop_pct, interpolation, label_names', async () => {
    const f = await readTimm(src('timm'));
    assert.deepEqual(f.input.mean, [0.485, 0.456, 0.406]);
    assert.equal(f.input.scale, 1 / 255);
    assert.deepEqual(f.input.crop, { crop_pct: 0.95 });
    assert.equal(f.input.interpolation, 'bicubic');
    assert.equal(f.input.height, 16);
    assert.equal(f.sources.mean, 'config.json pretrained_cfg (mean)');
    assert.deepEqual(f.labels, DIGITS);
    assert.equal(f.sources.labels, 'config.json (label_names)');
    // A transformers config.json (no pretrained_cfg) says nothing to timm's reader.
    assert.deepEqual((await readTimm(src('hf_vit'))).input, {});
  });

  it('WinML metadata_props: pixel format, nominal range and a classes key', () => {
    const g = decodeModel(readFileSync(src('winml', 'tiny_bgr.onnx')), 'tiny_bgr.onnx');
    const f = readOnnxMetadata(g.metadata);
    assert.equal(f.input.channels, 'BGR');
    assert.equal(f.input.scale, 1 / 255);
    assert.equal(f.sources.channels, "the model's metadata (Image.BitmapPixelFormat Bgr8)");
    assert.equal(f.sources.scale, "the model's metadata (Image.NominalPixelRange Normalized_0_1)");
    assert.deepEqual(f.labels, DIGITS);
    assert.equal(f.sources.labels, 'the model\'s metadata ("classes")');
  });

  it('class names in metadata: JSON, a Python dict (Ultralytics), a comma list; nothing from a lone word', () => {
    assert.deepEqual(parseNames("{0: 'person', 1: 'bicycle', 2: \"it's\"}"), ['person', 'bicycle', "it's"]);
    assert.deepEqual(parseNames('{"1": "b", "0": "a"}'), ['a', 'b']);
    assert.deepEqual(parseNames('cat, dog,bird'), ['cat', 'dog', 'bird']);
    assert.equal(parseNames('resnet'), undefined);
    assert.equal(parseNames('{"0": "a", "2": "c"}'), undefined);
  });

  it('labels by count: 1000 ImageNet, 1001 background first, 10 digits, else none', () => {
    assert.equal(labelsByCount(1000)?.labels[0], 'tench');
    assert.equal(labelsByCount(1000)?.labels.length, 1000);
    assert.deepEqual(labelsByCount(1001)?.labels.slice(0, 2), ['background', 'tench']);
    assert.equal(labelsByCount(10)?.labels[7], '7');
    assert.match(labelsByCount(10)!.from, /assumed from the 10 outputs/);
    assert.equal(labelsByCount(7), undefined);
  });
});

describe('the engine shows every field\'s origin', () => {
  it('a Hugging Face export: preprocessing and labels from its files, the layout from the input shape, all in result.json', async () => {
    const { info, r } = await explained({ path: besideTiny('hf_vit') });
    assert.deepEqual(info.config.input.mean, [0.5, 0.5, 0.5]);
    assert.equal(info.config.input.scale, 0.00392156862745098);
    assert.equal(r.label, 'four');
    assert.equal(r.sources?.mean, 'preprocessor_config.json (image_mean)');
    assert.equal(r.sources?.labels, 'config.json (id2label)');
    assert.equal(r.sources?.layout, "the model's input shape");
    const json = JSON.parse(JSON.stringify(resultJson(r))) as { sources: Record<string, string> };
    assert.equal(json.sources.interpolation, 'preprocessor_config.json (resample)');
  });

  it('the configuration wins field by field and is named as the origin', async () => {
    const model = besideTiny('hf_vit');
    const { info, r } = await explained({ config: { model, input: { mean: [0.25] } }, baseDir: tmp });
    assert.deepEqual(info.config.input.mean, [0.25, 0.25, 0.25]);
    assert.deepEqual(info.config.input.std, [0.5, 0.5, 0.5]);
    assert.equal(r.sources?.mean, 'the configuration');
    assert.equal(r.sources?.std, 'preprocessor_config.json (image_std)');
  });

  it('timm and WinML files end to end; with nothing beside it, 10 outputs get the digits, said to be assumed', async () => {
    const timm = await explained({ path: besideTiny('timm') });
    assert.equal(timm.r.sources?.crop, 'config.json pretrained_cfg (crop_pct)');
    assert.equal(timm.r.label, 'four');
    const winml = await explained({ path: src('winml', 'tiny_bgr.onnx') });
    assert.equal(winml.info.config.input.channels, 'BGR');
    assert.match(winml.r.sources?.channels ?? '', /Image\.BitmapPixelFormat/);
    const bare = await explained({ path: src('tiny.onnx') });
    assert.equal(bare.r.label, '4');
    assert.match(bare.r.sources?.labels ?? '', /assumed from the 10 outputs/);
  });
});
