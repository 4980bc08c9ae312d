import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import type { JsonSchema } from '../../src/config/jsonSchema';
import { PRESETS, PRESET_NAMES } from '../../src/preprocess/presets';
import {
  loadLabels,
  MODEL_CONFIG_SCHEMA,
  readModelConfigFile,
  resolveModelConfig,
  sidecarPath,
  validateModelConfig,
} from '../../src/config/modelConfig';
import { ExplainError, type ErrorCode } from '../../src/errors';
import type { ChannelOrder, Interpolation, Layout, ModelConfigFile, Preprocessing, PreprocessingConfig } from '../../src/protocol';
import { fixture } from '../helpers/fixtures';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'model-config-'));
}

function writeJson(dir: string, name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

async function assertRejects(promise: Promise<unknown>, code: ErrorCode, ...patterns: RegExp[]): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof ExplainError, `expected an ExplainError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    for (const pattern of patterns) assert.match(err.message, pattern);
    return true;
  });
}

const MODEL: ModelConfigFile = { model: 'm.onnx' };

test('sidecarPath replaces the .onnx extension', () => {
  assert.equal(sidecarPath('/models/squeezenet.onnx'), '/models/squeezenet.explain.json');
  assert.equal(sidecarPath('C:\\m\\Net.ONNX'), 'C:\\m\\Net.explain.json');
  assert.equal(sidecarPath('model'), 'model.explain.json');
});

test('defaults come from a fixed NCHW RGB input', async () => {
  const resolved = await resolveModelConfig(MODEL, '/base', [1, 3, 224, 224]);
  assert.equal(resolved.modelPath, join('/base', 'm.onnx'));
  assert.equal(resolved.labels, undefined);
  assert.deepEqual(resolved.input, {
    width: 224,
    height: 224,
    channels: 'RGB',
    layout: 'NCHW',
    scale: 1,
    mean: [0, 0, 0],
    std: [1, 1, 1],
    resize: 'stretch',
    interpolation: 'bilinear',
    antialias: true,
  } satisfies Preprocessing);
  assert.equal(resolved.guessed, true);
});

test('layout and channels are inferred from where the 1 or 3 channels are', async () => {
  const nhwc = (await resolveModelConfig(MODEL, '/', ['batch', 32, 48, 3])).input;
  assert.deepEqual([nhwc.layout, nhwc.channels, nhwc.width, nhwc.height], ['NHWC', 'RGB', 48, 32]);
  const gray = (await resolveModelConfig(MODEL, '/', [1, 1, 28, 28])).input;
  assert.deepEqual([gray.layout, gray.channels, gray.mean, gray.std], ['NCHW', 'gray', [0], [1]]);
  const grayLast = (await resolveModelConfig(MODEL, '/', [1, 28, 28, 1])).input;
  assert.deepEqual([grayLast.layout, grayLast.channels], ['NHWC', 'gray']);
});

test('configured values win and one mean or std value covers every channel', async () => {
  const file: ModelConfigFile = {
    model: 'm.onnx',
    input: { channels: 'BGR', scale: 1 / 255, mean: [0.5], std: [0.25, 0.5, 1], resize: 'center-crop' },
  };
  const input = (await resolveModelConfig(file, '/', [1, 3, 224, 224])).input;
  assert.deepEqual(input.mean, [0.5, 0.5, 0.5]);
  assert.deepEqual(input.std, [0.25, 0.5, 1]);
  assert.equal(input.channels, 'BGR');
  assert.equal(input.resize, 'center-crop');
});

test('dynamic sizes need input.width and input.height', async () => {
  await assertRejects(resolveModelConfig(MODEL, '/', ['N', 3, 'H', 'W']), 'INPUT_SIZE', /dynamic/, /input\.width/);
  await assertRejects(resolveModelConfig(MODEL, '/', [1, 3, -1, 0]), 'INPUT_SIZE', /input\.width/);
  const sized = await resolveModelConfig({ model: 'm.onnx', input: { width: 320, height: 240 } }, '/', ['N', 3, 'H', 'W']);
  assert.deepEqual([sized.input.width, sized.input.height, sized.input.layout], [320, 240, 'NCHW']);
});

test('a configuration that contradicts the model is refused with both numbers', async () => {
  await assertRejects(
    resolveModelConfig({ model: 'm.onnx', input: { width: 100 } }, '/', [1, 3, 224, 224]),
    'INPUT_SIZE',
    /width = 100/,
    /224/,
  );
  await assertRejects(
    resolveModelConfig({ model: 'm.onnx', input: { channels: 'gray' } }, '/', [1, 3, 224, 224]),
    'INPUT_SIZE',
    /"gray" \(1 channel/,
    /3 channel/,
  );
  await assertRejects(
    resolveModelConfig({ model: 'm.onnx', input: { layout: 'NHWC' } }, '/', [1, 3, 224, 224]),
    'INPUT_SIZE',
    /224 channels/,
    /input\.layout/,
  );
  await assertRejects(
    resolveModelConfig({ model: 'm.onnx', input: { mean: [0.1, 0.2] } }, '/', [1, 3, 8, 8]),
    'BAD_CONFIG',
    /input\.mean has 2 values/,
  );
  await assertRejects(resolveModelConfig(MODEL, '/', [1, 784]), 'UNSUPPORTED_MODEL', /\[1, 784\]/);
});

test('readModelConfigFile resolves paths against the file and loads labels', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'labels.txt'), 'cat\r\ndog\n\n\n');
  const path = writeJson(dir, 'net.explain.json', { model: 'net.onnx', labels: 'labels.txt', input: { scale: 0.5 } });
  const file = await readModelConfigFile(path);
  assert.equal(file.baseDir, dir);
  const resolved = await resolveModelConfig(file, file.baseDir, [1, 3, 2, 2]);
  assert.equal(resolved.modelPath, join(dir, 'net.onnx'));
  assert.deepEqual(resolved.labels, ['cat', 'dog']);
  assert.equal(resolved.input.scale, 0.5);
});

test('readModelConfigFile names the field and the file of a bad value', async () => {
  const dir = tempDir();
  const unknown = writeJson(dir, 'a.explain.json', { model: 'm.onnx', input: { widht: 3 } });
  await assertRejects(readModelConfigFile(unknown), 'BAD_CONFIG', /input\.widht/, /a\.explain\.json/);
  const badType = writeJson(dir, 'b.explain.json', { model: 'm.onnx', input: { width: '224' } });
  await assertRejects(readModelConfigFile(badType), 'BAD_CONFIG', /input\.width must be an integer/, /b\.explain\.json/);
  const badEnum = writeJson(dir, 'c.explain.json', { model: 'm.onnx', input: { channels: 'rgb' } });
  await assertRejects(readModelConfigFile(badEnum), 'BAD_CONFIG', /input\.channels must be one of "RGB", "BGR", "gray"/);
  const noModel = writeJson(dir, 'd.explain.json', { labels: [] });
  await assertRejects(readModelConfigFile(noModel), 'BAD_CONFIG', /"model"/);
  const notJson = writeJson(dir, 'e.explain.json', '{ "model": ');
  await assertRejects(readModelConfigFile(notJson), 'BAD_CONFIG', /not valid JSON/);
  await assertRejects(readModelConfigFile(join(dir, 'missing.json')), 'BAD_CONFIG', /missing\.json/, /not found/);
});

test('labels: text file, JSON array, inline array; bad files are config errors', async () => {
  const imagenet = await loadLabels('imagenet_labels.txt', fixture('models'));
  assert.equal(imagenet.length, 1000);
  assert.equal(imagenet[0], 'tench');
  const digits = await loadLabels(fixture('models', 'mnist_labels.txt'), '/ignored');
  assert.deepEqual(digits, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

  const dir = tempDir();
  writeJson(dir, 'labels.json', ['a', 'b']);
  assert.deepEqual(await loadLabels('labels.json', dir), ['a', 'b']);
  assert.deepEqual(await loadLabels(['x', 'y'], dir), ['x', 'y']);
  writeFileSync(join(dir, 'bom.txt'), '\uFEFFfirst\nsecond');
  assert.deepEqual(await loadLabels('bom.txt', dir), ['first', 'second']);

  writeJson(dir, 'numbers.json', [1, 2]);
  await assertRejects(loadLabels('numbers.json', dir), 'BAD_CONFIG', /array of strings/);
  await assertRejects(loadLabels('nope.txt', dir), 'BAD_CONFIG', /nope\.txt/);
});

// ---- The schema file and the validator that interprets it must describe the same thing. ----

function walkSchemas(schema: JsonSchema, visit: (s: JsonSchema, path: string) => void, path = '#'): void {
  visit(schema, path);
  for (const [name, child] of Object.entries(schema.properties ?? {})) walkSchemas(child, visit, `${path}/${name}`);
  if (schema.items) walkSchemas(schema.items, visit, `${path}/items`);
  schema.anyOf?.forEach((child, i) => walkSchemas(child, visit, `${path}/anyOf/${i}`));
}

test('the schema is draft-07, strict for ajv, and documents every field', () => {
  assert.equal(MODEL_CONFIG_SCHEMA.$schema, 'http://json-schema.org/draft-07/schema#');
  // strict mode refuses unknown keywords, so a misspelt "minimun" cannot silently check nothing.
  assert.doesNotThrow(() => new Ajv({ strict: true }).compile(MODEL_CONFIG_SCHEMA));
  walkSchemas(MODEL_CONFIG_SCHEMA, (schema, path) => {
    assert.ok(schema.description || path.endsWith('/items'), `${path} has no description`);
  });
});

test('the schema lists exactly the fields and values of the protocol types', () => {
  // Record<Union, true> fails to compile when a member is added to or removed from the union.
  const configKeys: Record<keyof PreprocessingConfig, true> = {
    width: true, height: true, channels: true, layout: true, scale: true, mean: true, std: true, resize: true,
    preset: true, crop: true, interpolation: true, antialias: true,
  };
  const channelOrders: Record<ChannelOrder, true> = { RGB: true, BGR: true, gray: true };
  const layouts: Record<Layout, true> = { NCHW: true, NHWC: true };
  const interpolations: Record<Interpolation, true> = { nearest: true, bilinear: true, bicubic: true, lanczos: true, box: true };
  const fileKeys: Record<Exclude<keyof ModelConfigFile, '$schema'>, true> = { model: true, labels: true, input: true, scoreOutput: true };

  const input = MODEL_CONFIG_SCHEMA.properties?.input;
  assert.deepEqual(Object.keys(input?.properties ?? {}).sort(), Object.keys(configKeys).sort());
  assert.deepEqual([...(input?.properties?.channels.enum ?? [])].sort(), Object.keys(channelOrders).sort());
  assert.deepEqual([...(input?.properties?.layout.enum ?? [])].sort(), Object.keys(layouts).sort());
  assert.deepEqual([...(input?.properties?.interpolation.enum ?? [])].sort(), Object.keys(interpolations).sort());
  assert.deepEqual([...(input?.properties?.preset.enum ?? [])].sort(), [...PRESET_NAMES].sort());
  const topLevel = Object.keys(MODEL_CONFIG_SCHEMA.properties ?? {}).filter((k) => k !== '$schema');
  assert.deepEqual(topLevel.sort(), Object.keys(fileKeys).sort());
});

test('every preset passes the schema, cites a source and resolves on a model of its channel count', () => {
  for (const name of PRESET_NAMES) {
    const preset = PRESETS[name];
    assert.ok(preset.source.length > 20, `${name} cites no source`);
    assert.doesNotThrow(() => validateModelConfig({ model: 'm.onnx', input: preset.input }, name));
    assert.doesNotThrow(() => validateModelConfig({ model: 'm.onnx', input: { preset: name } }, name));
  }
});

test('a preset fills the fields, given fields override it, and the crop follows the model size', async () => {
  const at = async (input: PreprocessingConfig, dims: (number | string)[] = [1, 3, 224, 224]) =>
    resolveModelConfig({ model: 'm.onnx', input }, '/', dims);
  const tv = await at({ preset: 'torchvision' });
  assert.deepEqual(
    [tv.input.channels, tv.input.scale, tv.input.mean, tv.input.std, tv.input.resize, tv.input.interpolation, tv.input.preset],
    ['RGB', 1 / 255, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225], { shorter: 256 }, 'bilinear', 'torchvision'],
  );
  assert.equal(tv.sources?.mean, 'preset torchvision');
  assert.equal(tv.guessed, false);
  // torchvision's 256/224 on a 299 model: floor(299 * 256 / 224) = 341.
  assert.deepEqual((await at({ preset: 'torchvision' }, [1, 3, 299, 299])).input.resize, { shorter: 341 });
  assert.deepEqual((await at({ preset: 'torchvision-inception' }, [1, 3, 299, 299])).input.resize, { shorter: 342 });
  // timm: floor(224 / 0.875) = 256, floor(224 / 0.9) = 248.
  assert.deepEqual((await at({ preset: 'timm' })).input.resize, { shorter: 256 });
  assert.deepEqual((await at({ preset: 'timm', crop: { crop_pct: 0.9 } })).input.resize, { shorter: 248 });
  assert.deepEqual((await at({ preset: 'clip' })).input.resize, { shorter: 224 });
  const overridden = await at({ preset: 'torchvision', interpolation: 'bicubic', resize: 'stretch' });
  assert.deepEqual([overridden.input.interpolation, overridden.input.resize], ['bicubic', 'stretch']);
  assert.equal(overridden.sources?.interpolation, undefined);
  const keras = await at({ preset: 'keras-caffe' }, [1, 224, 224, 3]);
  assert.deepEqual([keras.input.layout, keras.input.channels, keras.input.mean, keras.input.interpolation], ['NHWC', 'BGR', [103.939, 116.779, 123.68], 'nearest']);
  await assertRejects(at({ preset: 'mnist' }), 'INPUT_SIZE', /gray/);
  await assertRejects(at({ crop: 200, resize: { shorter: 256 } }), 'INPUT_SIZE', /input\.crop = 200/);
});

test('validation accepts a complete configuration and rejects each bad field by name', () => {
  const complete: ModelConfigFile = {
    model: 'm.onnx',
    labels: ['a'],
    input: {
      width: 2, height: 2, channels: 'BGR', layout: 'NHWC', scale: 1, mean: [1, 2, 3], std: [1, 2, 3], resize: 'center-crop',
      interpolation: 'bicubic', antialias: false, preset: 'torchvision',
    },
  };
  assert.doesNotThrow(() => validateModelConfig(complete, 'test'));
  assert.doesNotThrow(() => validateModelConfig({ $schema: './x.json', model: 'm.onnx', labels: 'l.txt' }, 'test'));

  const badInputs: [Record<string, unknown>, RegExp][] = [
    [{ width: 0 }, /input\.width must be at least 1/],
    [{ height: 2.5 }, /input\.height must be an integer/],
    [{ layout: 'CHW' }, /input\.layout must be one of/],
    [{ scale: 0 }, /input\.scale must be greater than 0/],
    [{ scale: '1' }, /input\.scale must be a number/],
    [{ mean: [] }, /input\.mean must have at least 1/],
    [{ mean: [1, 2, 3, 4] }, /input\.mean must have at most 3/],
    [{ std: [1, 0, 1] }, /input\.std\[1\] must be greater than 0/],
    [{ resize: 'crop' }, /input\.resize must be "stretch" or "center-crop" or \{"shorter": N\} or/],
    [{ resize: { shorter: 0 } }, /input\.resize\.shorter must be at least 1/],
    [{ resize: { longer: 224, pad: 300 } }, /input\.resize\.pad must be at most 255|input\.resize\.pad must be a number or/],
    [{ resize: { longer: 224, pad: [1, 2] } }, /input\.resize\.pad must have at least 3/],
    [{ resize: { wider: 3 } }, /input\.resize must be/],
    [{ crop: { crop_pct: 1.5 } }, /input\.crop\.crop_pct must be at most 1/],
    [{ crop: 2.5 }, /input\.crop must be an integer/],
    [{ resize: { shorter: 256, pad: 0 } }, /unknown field "input\.resize\.pad"|input\.resize must be/],
    [{ interpolation: 'cubic' }, /input\.interpolation must be one of "nearest"/],
    [{ preset: 'pytorch' }, /input\.preset must be one of "torchvision"/],
    [{ antialias: 'yes' }, /input\.antialias must be a boolean/],
    [{ sharpen: true }, /unknown field "input\.sharpen" \(allowed: preset, width/],
  ];
  for (const [input, pattern] of badInputs) {
    assert.throws(
      () => validateModelConfig({ model: 'm.onnx', input }, 'in test.json'),
      (err: unknown) => err instanceof ExplainError && err.code === 'BAD_CONFIG' && pattern.test(err.message) && /test\.json/.test(err.message),
      JSON.stringify(input),
    );
  }
  assert.throws(() => validateModelConfig({ model: 'm.onnx', labels: [1] }, 'x'), /labels\[0\] must be a string \(got 1\)/);
  assert.throws(() => validateModelConfig({ model: '' }, 'x'), /model must not be empty/);
  assert.throws(() => validateModelConfig([], 'x'), /the configuration must be an object/);
});
