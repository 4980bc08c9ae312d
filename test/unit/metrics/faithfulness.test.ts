/**
 * Faithfulness curves through the engine. On a linear model with zero removal a patch's removal takes exactly
 * its share of w . x from the score, so the curves, ABPC and AOPC are known in closed form, and gradient x input
 * gives the best MoRF order there is. On SqueezeNet: a map of pure noise scores like a random order, and
 * Grad-CAM's coarse map clears chance by far.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { A } from '../../../src/compile/builder';
import { measureFaithfulness } from '../../../src/metrics/faithfulness';
import type { PerturbationCurve, Preprocessing } from '../../../src/protocol';
import { fixture } from '../../helpers/fixtures';
import { node, randomTensor } from '../../helpers/ir';
import { modelFile, seededInput } from '../../helpers/models';
import { tempModels } from '../../helpers/tempModels';
import { decodeImage } from '../../../src/preprocess/image';

const { engine, model } = tempModels('faithfulness-');

function trapezoid(c: PerturbationCurve): number {
  let a = 0;
  for (let i = 1; i < c.scores.length; i++) a += (c.fractions[i] - c.fractions[i - 1]) * (c.scores[i] + c.scores[i - 1]) / 2;
  return a;
}

describe('faithfulness on a linear model', () => {
  const [C, H, W, P] = [3, 8, 6, 2];
  const w = randomTensor([C * H * W, 2], 11);
  const path = model([1, C, H, W], [node('Flatten', ['x'], ['f'], { axis: A.int(1) }), node('Gemm', ['f', 'w'], ['y'])], 'y', { w });
  const x = seededInput(C * H * W, 12, -1, 1);
  const run = (removal: 'zero' | 'road' = 'zero') =>
    engine.explain({
      model: { path },
      image: { tensor: { data: x, dims: [1, C, H, W] } },
      method: 'gradient-x-input',
      target: 0,
      metrics: { faithfulness: { patch: P, steps: 4, until: 0.5, removal } },
    });

  it('gives the closed-form curves, ABPC and AOPC', async () => {
    const r = await run();
    const f = r.metrics!.faithfulness!;
    // Each patch's contribution to the score: the sum of w . x over its pixels and channels.
    const cols = W / P;
    const contribution = new Float64Array((H / P) * cols);
    for (let c = 0; c < C; c++) {
      for (let y = 0; y < H; y++) {
        for (let xx = 0; xx < W; xx++) {
          const i = c * H * W + y * W + xx;
          contribution[Math.floor(y / P) * cols + Math.floor(xx / P)] += (w.data as Float32Array)[i * 2] * x[i];
        }
      }
    }
    const s0 = contribution.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(r.score - s0) < 1e-5);
    const sorted = [...contribution].sort((a, b) => b - a);
    const after = (order: number[], n: number) => s0 - order.slice(0, n).reduce((a, b) => a + b, 0);
    const counts = f.morf.fractions.map((fr) => Math.round(fr * sorted.length));
    assert.deepEqual(counts, [0, 2, 3, 5, 6, 12]);
    const morf = counts.map((n) => after(sorted, n));
    const lerf = counts.map((n) => after([...sorted].reverse(), n));
    for (let i = 0; i < counts.length; i++) {
      assert.ok(Math.abs(f.morf.scores[i] - morf[i]) < 1e-4, `MoRF point ${i}: ${f.morf.scores[i]} vs ${morf[i]}`);
      assert.ok(Math.abs(f.lerf.scores[i] - lerf[i]) < 1e-4, `LeRF point ${i}: ${f.lerf.scores[i]} vs ${lerf[i]}`);
    }
    const fractions = f.morf.fractions;
    const abpc = trapezoid({ fractions, scores: lerf }) - trapezoid({ fractions, scores: morf });
    assert.ok(Math.abs(f.abpc - abpc) < 1e-4, `ABPC ${f.abpc} vs ${abpc}`);
    assert.ok(Math.abs(f.aopc - morf.reduce((a, s) => a + (s0 - s), 0) / morf.length) < 1e-4);
    assert.equal(f.forwards, (2 + 2 * 3) * 5);
    assert.equal(f.removal, 'zero');
  });

  it('scores the best MoRF order there is: no order, random included, removes more at any step', async () => {
    const f = (await run()).metrics!.faithfulness!;
    for (let i = 0; i < f.morf.scores.length; i++) {
      assert.ok(f.morf.scores[i] <= f.random!.morf.scores[i] + 1e-5, `point ${i}`);
      assert.ok(f.lerf.scores[i] >= f.random!.lerf.scores[i] - 1e-5, `point ${i}`);
    }
    assert.ok(f.abpc > f.random!.abpc);
  });

  it('runs with ROAD imputation and names it', async () => {
    const f = (await run('road')).metrics!.faithfulness!;
    assert.equal(f.removal, 'road');
    assert.match(f.removalDescription, /ROAD/);
    assert.ok(f.morf.scores.every(Number.isFinite));
  });

  it('refuses bad options with the option named', async () => {
    const bad = (faithfulness: object) =>
      engine.explain({ model: { path }, image: { tensor: { data: x, dims: [1, C, H, W] } }, method: 'gradient', metrics: { faithfulness } });
    await assert.rejects(bad({ patch: 0 }), /patch must be a positive integer/);
    await assert.rejects(bad({ until: 1.5 }), /"until" must be a share/);
    await assert.rejects(bad({ removal: 'erase' }), /Unknown removal "erase"/);
  });
});

describe('faithfulness on SqueezeNet', () => {
  const modelPath = modelFile('squeezenet1.1_winml_fp32.onnx');
  const dims = [1, 3, 224, 224];
  // The bundled SqueezeNet's own preprocessing (its .explain.json): BGR 0..255.
  const pre: Preprocessing = { width: 224, height: 224, channels: 'BGR', layout: 'NCHW', scale: 1, mean: [0, 0, 0], std: [1, 1, 1], resize: 'stretch' };

  it('a map of pure noise scores within the spread of random orders', async () => {
    const session = await ort.InferenceSession.create(modelPath, { logSeverityLevel: 4 });
    try {
      const { tensor: input } = await decodeImage(fixture('images', 'winml_kitten_224.png'), pre);
      const score = async (data: Float32Array) => {
        const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', data, dims) });
        return out[session.outputNames[0]].data as Float32Array;
      };
      const base = await score(input.data);
      const target = base.indexOf(Math.max(...base));
      const f = await measureFaithfulness(
        {
          input,
          pre,
          map: { width: 224, height: 224, data: seededInput(224 * 224, 99, -1, 1) },
          score: base[target],
          scores: async (count, sample) => {
            const out = new Float32Array(count);
            for (let i = 0; i < count; i++) out[i] = (await score(sample(i)))[target];
            return out;
          },
        },
        { patch: 16, steps: 8, randomOrders: 6 },
      );
      assert.equal(f.random!.orders, 6);
      assert.equal(f.forwards, (2 + 2 * 6) * 9);
      assert.ok(f.random!.abpcStd > 0);
      assert.ok(Math.abs(f.abpc - f.random!.abpc) <= 3 * f.random!.abpcStd, `noise ABPC ${f.abpc} vs random ${f.random!.abpc} +- ${f.random!.abpcStd}`);
    } finally {
      await session.release();
    }
  });

  it('Grad-CAM\'s map clears chance by far on the kitten', async () => {
    const r = await engine.explain({
      model: { path: modelFile('squeezenet1.1_winml_fp16.onnx') },
      image: { path: fixture('images', 'winml_kitten_224.png') },
      method: 'grad-cam',
      metrics: { faithfulness: { patch: 16, steps: 8, randomOrders: 4 } },
    });
    const f = r.metrics!.faithfulness!;
    assert.ok(f.abpc > f.random!.abpc + 2 * f.random!.abpcStd, `Grad-CAM ABPC ${f.abpc} vs random ${f.random!.abpc} +- ${f.random!.abpcStd}`);
    assert.ok(f.aopc > f.random!.aopc);
  });
});
