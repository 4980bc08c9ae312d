/** The host's side of the view that needs no VS Code: untrusted requests, parameter editors, packed layers. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { METHODS } from '../../../extension/methods';
import { fieldsFor, paramFields } from '../../../extension/panel/paramFields';
import { comparedOrder, defaultCompared, MAX_COMPARED, requestParams, rerunRequests, validRequests } from '../../../extension/panel/requests';
import type { MethodParams } from '../../../src/protocol';
import { packLayers } from '../../../extension/panel/viewModel';
import { pixelRelevance } from '../../../src/render/pixelRelevance';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8'));

test('requests from the view: malformed ones dropped, at most four, a baseline image never', () => {
  const good = { imagePath: '/w/a.png', method: 'lrp', target: 3, params: { epsilon: 0.1, baseline: { kind: 'blur' } } };
  assert.deepEqual(validRequests([good]), [good]);
  assert.deepEqual(validRequests([{ ...good, method: 'nope' }, { ...good, target: -1 }, { ...good, params: { baseline: { kind: 'image', path: '/etc/x' } } }]), []);
  assert.equal(validRequests(Array(6).fill(good)).length, 4);
  assert.deepEqual(rerunRequests(Array(5).fill(good), [{ imagePath: good.imagePath, method: 'lrp' }]), [], 'a re-run of more than can be compared is refused whole, not cut short');
  assert.equal(rerunRequests(Array(4).fill(good), [{ imagePath: good.imagePath, method: 'lrp' }]).length, 4);
  assert.deepEqual(validRequests('x'), []);
});

test('a request keeps the measurements it asked for, and nothing else in their place', () => {
  const measured = { imagePath: '/w/a.png', method: 'lrp', metrics: { faithfulness: { removal: 'road', patch: 16 }, randomization: {} } };
  assert.deepEqual(validRequests([measured]), [{ ...measured, target: undefined, params: undefined }]);
  assert.deepEqual(validRequests([{ ...measured, metrics: { faithfulness: { removal: { kind: 'image' } } } }]), [], 'options are plain values');
  assert.deepEqual(validRequests([{ ...measured, metrics: { shapley: {} } }]), [], 'no metric the engine does not have');
  assert.equal('metrics' in validRequests([{ imagePath: '/w/a.png', method: 'lrp' }])[0], false);
});

test('a re-run may only name the image already shown', () => {
  const shown = [{ imagePath: '/w/a.png', method: 'gradient' as const }];
  assert.equal(rerunRequests([{ imagePath: '/w/a.png', method: 'grad-cam' }], shown).length, 1);
  assert.deepEqual(rerunRequests([{ imagePath: '/etc/passwd', method: 'gradient' }], shown), []);
});

test('compared methods each keep the parameters they read from the settings, in a form the view may send back', () => {
  const settings = { steps: 16, epsilon: 0.2, rules: { Conv: 'epsilon' }, baseline: { kind: 'image', path: '/w/b.png' } } as MethodParams;
  for (const m of METHODS) {
    const own = requestParams(m.name, settings);
    for (const key of Object.keys(own ?? {})) assert.ok((m.params as string[]).includes(key), `${m.name} reads ${key}`);
    assert.equal(own?.baseline, undefined, 'a baseline image stays with the settings');
    assert.equal(own?.rules, undefined);
    assert.equal(validRequests([{ imagePath: '/w/a.png', method: m.name, params: own }]).length, 1, `${m.name}'s request survives a re-run`);
  }
  assert.deepEqual(requestParams('integrated-gradients', settings), { steps: 16 });
  assert.equal(requestParams('lrp', settings)?.epsilon, 0.2);
  assert.equal(requestParams('gradient', {}), undefined);
});

test('every parameter a method offers has an editor from the manifest', () => {
  const fields = paramFields(manifest);
  for (const m of METHODS) for (const key of m.params) assert.ok(fields.some((f) => f.key === key), `${m.name}.${key} has no explain.params.* or explain.baseline schema`);
  const rule = fields.find((f) => f.key === 'rule');
  assert.equal(rule?.kind, 'choice');
  assert.ok(rule?.options?.includes('zplus'));
  assert.deepEqual(fields.find((f) => f.key === 'baseline')?.options, ['', 'zero', 'black', 'blur', 'mean', 'noise']);
  assert.equal(fields.find((f) => f.key === 'steps')?.kind, 'integer');
  assert.deepEqual(fields.find((f) => f.key === 'cpLrp'), { ...fields.find((f) => f.key === 'cpLrp'), kind: 'boolean', options: ['', 'true', 'false'] });
  assert.ok(!fields.some((f) => f.key === 'rules'), 'object-valued settings stay in Settings');
});

test('every parameter has a label in words and help text, and every option words of its own', () => {
  const fields = paramFields(manifest);
  for (const f of fields) {
    assert.ok(f.label !== f.key && /^[A-Z]/.test(f.label) && /\s/.test(f.label), `${f.key} reads "${f.label}", words rather than the setting's key`);
    assert.ok(f.description.length > 20, `${f.key} has help text`);
    if (f.options) {
      assert.equal(f.optionLabels?.length, f.options.length, `${f.key}: a label per option`);
      assert.ok(f.optionLabels!.every((l) => l.trim() !== '' && !/engine\)/.test(l)), `${f.key}: ${f.optionLabels!.join(' | ')}`);
    }
  }
  const label = (key: string) => fields.find((f) => f.key === key)!;
  assert.equal(label('deepliftMaxPool').label, 'Rule on max-pooling');
  assert.equal(label('chunk').label, 'Images per model pass');
  assert.deepEqual(label('cpLrp').optionLabels, ['Default (off)', 'On', 'Off']);
  assert.equal(label('baseline').optionLabels?.[label('baseline').options!.indexOf('blur')], 'Blurred image');
  assert.equal(label('composite').optionLabels?.[0], 'None: one rule everywhere', '"" is not a default for the composite');
});

test('a class activation method\'s layer is a choice among the layers the engine found, its default first', () => {
  const fields = paramFields(manifest);
  assert.equal(fields.find((f) => f.key === 'layer')?.kind, 'text', 'without a result that names them, a name to type');
  const shown = fieldsFor(fields, [{}, { layerChoices: { candidates: ['a', 'b', 'c'], default: 'c' } }]);
  const layer = shown.find((f) => f.key === 'layer')!;
  assert.equal(layer.kind, 'choice');
  assert.deepEqual(layer.options, ['', 'a', 'b']);
  assert.deepEqual(layer.optionLabels, ['c (default)', 'a', 'b']);
  assert.deepEqual(fieldsFor(fields, [{}]), fields, 'no candidates: the fields as they are');
  assert.equal(fields.find((f) => f.key === 'layer')?.kind, 'text', 'the manifest\'s fields are not changed');
});

test('layers are packed into one neuron and one activation array, each layer at its offset', () => {
  const layer = (name: string, r: number[], a: number[]) => ({
    name, node: name, op: 'Conv', shape: [1, r.length], sum: 0, positive: 0, negative: 0, neurons: Float32Array.from(r), activations: Float32Array.from(a),
  });
  const packed = packLayers([layer('a', [1, 2], [3, 4]), layer('b', [5], [])]);
  assert.deepEqual([...packed.neurons], [1, 2, 5]);
  assert.deepEqual([...packed.activations.subarray(0, 2)], [3, 4]);
  assert.ok(Number.isNaN(packed.activations[2]), 'missing activations are NaN, shown as "-"');
  assert.deepEqual(packed.layers.map((l) => [l.neuronOffset, l.neuronCount]), [[0, 2], [2, 1]]);
});

test('per-pixel relevance: channels summed, a coarse class activation map upsampled to the image', () => {
  const nchw = pixelRelevance({ data: Float32Array.from([1, 2, 3, 4, 10, 20, 30, 40]), dims: [1, 2, 2, 2] }, 2, 2);
  assert.deepEqual([...nchw.data], [11, 22, 33, 44]);
  const cam = pixelRelevance({ data: Float32Array.from([1]), dims: [1, 1, 1, 1] }, 4, 4);
  assert.equal(cam.data.length, 16);
  assert.ok(cam.data.every((v) => v === 1));
});

test('Compare starts with the current method and up to three that read well, never more than the limit', () => {
  assert.deepEqual(defaultCompared('gradient'), ['gradient', 'grad-cam', 'integrated-gradients', 'lrp']);
  assert.deepEqual(defaultCompared('lrp'), ['lrp', 'grad-cam', 'integrated-gradients', 'smoothgrad']);
  assert.equal(defaultCompared('occlusion').length, MAX_COMPARED);
  assert.deepEqual(comparedOrder('integrated-gradients', ['smoothgrad', 'grad-cam', 'integrated-gradients', 'lrp']), ['integrated-gradients', 'smoothgrad', 'lrp', 'grad-cam'], 'the current method first, then the list order');
});
