/**
 * The Resize backward on what torch.onnx writes for F.interpolate (test/fixtures/resize, made by
 * make_resize.py): Upsample at opset 9 (raised to Resize on loading), Resize with scales or sizes at 11, 13 and
 * 17, nearest and bilinear (half-pixel and align_corners), fixed and dynamic batch. The gradient against
 * torch's float64 one, LRP's conservation and DeepLIFT's summation to f(x) - f(x0) through it.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/engine/engine';
import { fixture } from '../../helpers/fixtures';
import { readNpz } from '../../helpers/npz';
import { relDiff } from '../../helpers/relDiff';

const CASES = ['nearest_x1_5_opset9', 'nearest_size_opset11_dynamic', 'bilinear_size_opset13', 'bilinear_corners_x1_5_opset17_dynamic', 'nearest_x2_opset17'];
const TARGET = 2;
const engine = new Engine();
after(() => engine.clearCache());
const refs = readNpz(fixture('resize', 'resize.npz'));
const input = refs.get('input')!;
const image = { tensor: { data: input.data, dims: input.shape } };

describe('Resize on torch.onnx exports of F.interpolate', () => {
  for (const name of CASES) {
    const path = fixture('resize', `${name}.onnx`);
    it(`${name}: the gradient equals torch's float64 gradient`, async () => {
      const r = await engine.explain({ model: { path }, image, method: 'gradient', target: TARGET });
      const logits = refs.get(`${name}_logits64`)!.data;
      assert.ok(Math.abs(r.score - logits[TARGET]) <= 1e-5 * Math.max(...Array.from(logits, Math.abs)), `score ${r.score} vs ${logits[TARGET]}`);
      const err = relDiff(r.relevance.data, refs.get(`${name}_grad64`)!.data);
      assert.ok(err <= 1e-4, `gradient off by ${err.toExponential(2)} of its largest value`);
    });
    it(`${name}: LRP with the bias redistributed conserves the score through every layer, the Resize's too`, async () => {
      const r = await engine.explain({ model: { path }, image, method: 'lrp', params: { bias: 'redistribute' }, target: TARGET });
      assert.ok(r.layers.some((l) => l.op === 'Resize'), 'the Resize must be a layer of the table');
      for (const l of [...r.layers, { name: 'input', sum: r.relevanceSum }]) assert.ok(Math.abs(l.sum - r.score) <= 1e-4 * Math.abs(r.score), `${l.name}: ${l.sum} vs ${r.score}`);
    });
    it(`${name}: DeepLIFT sums to f(x) - f(x0)`, async () => {
      const r = await engine.explain({ model: { path }, image, method: 'deeplift', params: { baseline: { kind: 'zero' } }, target: TARGET });
      const delta = r.score - r.baselineScore!;
      assert.ok(Math.abs(r.relevanceSum - delta) <= 1e-5 * Math.max(1, Math.abs(r.score)), `${r.relevanceSum} vs ${delta}`);
    });
  }
});
