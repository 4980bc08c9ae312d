/**
 * Every black-box method explains models the compiler refuses, on the model file as onnxruntime runs it:
 * sin_net (Sin has no backward rule: compile refuses it) and if_net (an If subgraph: loading refuses it). The
 * gradient on both fails with an error naming the methods that work instead. Made by
 * test/fixtures/blackbox/make_refused.py; each ends in a Softmax, which is cut (the logits are explained).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../../src/engine/engine';
import { BLACK_BOX_METHODS } from '../../../../src/compile/blackBoxHint';
import { METHODS } from '../../../../src/methods';
import type { MethodName } from '../../../../src/protocol';
import { fixture } from '../../../helpers/fixtures';
import { seededInput } from '../../../helpers/models';

const engine = new Engine();
after(() => engine.clearCache());

const input = { data: seededInput(3 * 8 * 8, 11, 0, 1), dims: [1, 3, 8, 8] };
const explain = (model: string, method: MethodName, params = {}) =>
  engine.explain({ model: { path: fixture('blackbox', model) }, image: { tensor: input }, method, params: { samples: 40, features: 'grid:2', ...params } });
const forwardOnly = METHODS.filter((m) => m.forwardOnly).map((m) => m.name);

describe('black-box methods on models the compiler refuses', () => {
  it('the refusal names black-box methods, and those it names are black-box methods', async () => {
    for (const model of ['sin_net.onnx', 'if_net.onnx']) {
      await assert.rejects(explain(model, 'gradient'), (e: Error) => {
        assert.match(e.message, /use kernel-shap, rise or occlusion for this model/);
        assert.match(e.message, model === 'if_net.onnx' ? /If \(node "If_\d+"\) runs a subgraph/ : /Unsupported op Sin/);
        return true;
      });
    }
    for (const name of BLACK_BOX_METHODS) assert.ok(forwardOnly.includes(name), `${name} is forward-only`);
  });

  for (const model of ['sin_net.onnx', 'if_net.onnx']) {
    for (const method of forwardOnly) {
      it(`${method} explains ${model}`, async () => {
        const r = await explain(model, method);
        assert.equal(r.relevance.data.length, 3 * 8 * 8);
        assert.ok(r.relevance.data.every(Number.isFinite));
        assert.ok(r.relevance.data.some((v) => v !== 0), 'a map, not blank');
        // The logits: softmax probabilities of 3 classes would all lie in (0, 1) and sum to 1.
        assert.ok(r.notes.some((n) => /ends in Softmax/.test(n)));
        assert.ok(r.notes.some((n) => /as onnxruntime loads it/.test(n)));
      });
    }
  }

  it('a seeded run repeats exactly, whatever the batch size; the result says features, samples, baseline and seed', async () => {
    for (const method of forwardOnly) {
      const a = await explain('sin_net.onnx', method, { seed: 5, chunk: 3 });
      const b = await explain('sin_net.onnx', method, { seed: 5, chunk: 7 });
      assert.deepEqual(a.relevance.data, b.relevance.data, method);
      if (method === 'occlusion') continue;
      assert.ok(a.notes.some((n) => /forward passes.*zeros in model-input space, seed 5/.test(n)), `${method}: ${a.notes.join('\n')}`);
      assert.equal(a.params.samples, 40);
    }
  });

  it('superpixels as features: the map is constant on each, and the result carries the segmentation', async () => {
    const r = await explain('sin_net.onnx', 'kernel-shap', { features: 'slic:6', samples: 64 });
    const seg = r.segmentation!;
    assert.ok(seg.count >= 3 && seg.count <= 12, `${seg.count} superpixels`);
    const value = new Map<number, number>();
    for (let p = 0; p < 64; p++) {
      for (let c = 0; c < 3; c++) {
        const v = r.relevance.data[c * 64 + p];
        assert.equal(value.get(seg.labels[p]) ?? v, v);
        value.set(seg.labels[p], v);
      }
    }
  });

  it('reports n of N forward passes and stops on cancel', async () => {
    for (const method of forwardOnly) {
      const messages: string[] = [];
      let stopAfter = -1;
      await assert.rejects(
        engine.explain(
          { model: { path: fixture('blackbox', 'sin_net.onnx') }, image: { tensor: input }, method, params: { samples: 200, features: 'grid:4', chunk: 2 } },
          (_, message) => messages.push(message),
          () => (messages.some((m) => /\d+\/\d+ forward passes/.test(m)) ? ++stopAfter > 2 : false),
        ),
        (e: Error & { code?: string }) => e.code === 'CANCELLED',
        method,
      );
      if (method !== 'occlusion') assert.ok(messages.some((m) => /: 2\/\d+ forward passes/.test(m)), `${method}: ${messages.slice(-3)}`);
    }
  });

  it('inspecting a refused model counts its classes from the raw forward and says only black-box methods run', async () => {
    for (const model of ['sin_net.onnx', 'if_net.onnx']) {
      const info = await engine.inspect({ path: fixture('blackbox', model) });
      assert.equal(info.classes, 3);
      if (model === 'if_net.onnx') assert.ok(info.notes.some((n) => /Only the black-box methods can explain this model/.test(n)), info.notes.join('\n'));
    }
  });

  it('both models give the same logits and maps (the If takes its Sin branch)', async () => {
    const a = await explain('sin_net.onnx', 'kernel-shap');
    const b = await explain('if_net.onnx', 'kernel-shap');
    assert.equal(a.score, b.score);
    assert.deepEqual(a.relevance.data, b.relevance.data);
  });
});
