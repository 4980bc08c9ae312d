/**
 * The model inspector's "Can it be explained?" rows and configuration form (issue 16): an op's row lists the
 * methods it stops and lets the others through; a method whose refusal names no op is the model's. The form
 * shows what the configuration file gives as values and everything else as placeholders with their source; read
 * back it gives the file's fields or says which field is wrong; saved, it keeps the file's other fields and
 * passes the engine's schema.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { readModelConfigFile } from '../../../src/config/modelConfig';
import { editedSidecar, saveSidecar } from '../../../src/config/sidecarEdit';
import { ExplainError } from '../../../src/errors';
import type { MethodCheck, ModelReport, ResolvedModelConfig } from '../../../src/protocol';
import { formFields, readForm } from '../../../webview/model/configFields';
import { opSupport } from '../../../webview/model/opSupport';

const tmp = mkdtempSync(join(tmpdir(), 'explain-inspector-form-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const check = (method: MethodCheck['method'], reason?: string): MethodCheck => ({ method, title: method, ok: !reason, ...(reason && { reason }) });

describe('opSupport', () => {
  test('rows per op on the path; blocked methods with their message; the model\'s own refusals apart', () => {
    const methods = [check('gradient', 'Unsupported op Sin (node "s")'), check('lrp', 'Unsupported op Sin (node "s")'), check('cam', 'no feature map'), check('occlusion')];
    const s = opSupport({
      pathOps: [
        { op: 'Sin', count: 2, hasRule: false },
        { op: 'Flatten', count: 1, hasRule: true },
      ],
      methods,
      blockedBy: [{ op: 'Sin', methods: ['gradient', 'lrp'] }],
    });
    assert.deepEqual(s.rows.map((r) => [r.op, r.count, r.supports.map((m) => m.method), r.blocks.map((m) => m.method)]), [
      ['Sin', 2, ['cam', 'occlusion'], ['gradient', 'lrp']],
      ['Flatten', 1, ['gradient', 'lrp', 'cam', 'occlusion'], []],
    ]);
    assert.deepEqual(s.modelBlocks.map((m) => m.method), ['cam']);
    assert.deepEqual(s.runnable.map((m) => m.method), ['occlusion']);
  });
});

const resolved = (configPath?: string): ResolvedModelConfig => ({
  modelPath: '/m/net.onnx',
  ...(configPath && { configPath }),
  input: { width: 224, height: 224, channels: 'RGB', layout: 'NCHW', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], resize: { shorter: 256 }, interpolation: 'bilinear', preset: 'torchvision' },
  sources: { width: "the model's input shape", height: "the model's input shape", layout: "the model's input shape", scale: 'preset torchvision', mean: 'net.explain.json', std: 'preset torchvision', resize: 'preset torchvision' },
});

describe('configuration form', () => {
  test('values where the file gives them, placeholders with their source elsewhere', () => {
    const fields = formFields({ config: resolved('/m/net.explain.json'), labelsFrom: 'net.explain.json' } as Pick<ModelReport, 'config' | 'labelsFrom'>, ['torchvision', 'timm']);
    const by = Object.fromEntries(fields.map((f) => [f.key, f]));
    assert.equal(by.preset.value, 'torchvision');
    assert.deepEqual(by.preset.options, ['', 'torchvision', 'timm']);
    assert.equal(by.mean.value, '0.485, 0.456, 0.406');
    assert.equal(by.std.value, '');
    assert.equal(by.std.placeholder, '0.229, 0.224, 0.225 (preset torchvision)');
    assert.equal(by.width.placeholder, "224 (the model's input shape)");
    assert.equal(by.resize.placeholder, 'shorter 256 (preset torchvision)');
    assert.equal(by.channels.value, '');
    assert.equal(by.channels.placeholder, 'RGB (default)');
    assert.equal(by.labels.placeholder, 'kept: net.explain.json');
  });

  test('read back: the filled fields, typed; wrong ones named', () => {
    assert.deepEqual(readForm({ preset: 'timm', width: '299', mean: '0.5', std: '0.5, 0.5, 0.5', resize: 'longer 320 pad 114', channels: '', labels: ' labels.txt ' }), {
      config: { input: { preset: 'timm', width: 299, mean: [0.5], std: [0.5, 0.5, 0.5], resize: { longer: 320, pad: 114 } }, labels: 'labels.txt' },
      problems: [],
    });
    assert.deepEqual(readForm({ resize: 'center-crop', scale: '0.00392156862745098' }).config, { input: { resize: 'center-crop', scale: 0.00392156862745098 } });
    const bad = readForm({ width: '22.5', mean: '1, 2', resize: 'shorter' });
    assert.equal(bad.config, undefined);
    assert.deepEqual(bad.problems, [
      'Width: "22.5" is not a whole number above 0.',
      'Mean: "1, 2" is not one or three numbers separated by commas.',
      'Resize: "shorter" is not "stretch", "center-crop", "shorter N" or "longer N" (optionally "pad V").',
    ]);
  });

  test('saved: the input replaced, labels and other fields kept, the schema checked', async () => {
    const model = join(tmp, 'net.onnx');
    const sidecar = join(tmp, 'net.explain.json');
    writeFileSync(sidecar, JSON.stringify({ model: 'net.onnx', labels: 'classes.txt', scoreOutput: 'logits', input: { preset: 'timm', width: 300 } }));
    writeFileSync(join(tmp, 'classes.txt'), 'a\nb\n');
    assert.equal(await saveSidecar(model, { input: { preset: 'torchvision', mean: [0.5] } }), sidecar);
    assert.deepEqual(JSON.parse(readFileSync(sidecar, 'utf8')), { model: 'net.onnx', labels: 'classes.txt', scoreOutput: 'logits', input: { preset: 'torchvision', mean: [0.5] } });
    // The engine reads what was written.
    assert.deepEqual((await readModelConfigFile(sidecar)).input, { preset: 'torchvision', mean: [0.5] });
    assert.deepEqual(editedSidecar(undefined, model, { input: {}, labels: 'l.txt' }), { model: 'net.onnx', labels: 'l.txt' });
    assert.throws(() => editedSidecar(undefined, model, { input: { std: [0] } }), (e: unknown) => e instanceof ExplainError && e.code === 'BAD_CONFIG');
    writeFileSync(sidecar, '{ not json');
    await assert.rejects(saveSidecar(model, { input: {} }), /is not valid JSON, so it was not overwritten/);
    assert.equal(readFileSync(sidecar, 'utf8'), '{ not json');
  });
});
