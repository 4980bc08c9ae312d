/**
 * Occlusion against a brute-force loop written from the definition (Captum's convention): for every pixel,
 * every window that covers it (windows start at 0, s, 2s, ... with ceil((size - p) / s) + 1 per axis, the
 * last clipped at the border), the score drop f(x) - f(x with the window set to the baseline), averaged.
 * The brute force runs the ORIGINAL MNIST file in onnxruntime itself, one window at a time; the method runs
 * the engine's canonical graph in batches. Also: the window grid, chunk invariance, baselines, bad arguments.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { Engine } from '../../../src/engine/engine';
import type { ExplainError } from '../../../src/errors';
import type { ExplainResult, MethodParams } from '../../../src/protocol';
import { occlusionGrid } from '../../../src/methods/occlusion';
import { makeBaseline } from '../../../src/preprocess/baselines';
import type { Preprocessing } from '../../../src/protocol';
import { fixture } from '../../helpers/fixtures';
import { relativeMaxError } from '../../helpers/referencePairs';

const engine = new Engine();
let session: ort.InferenceSession;
before(async () => {
  session = await ort.InferenceSession.create(fixture('models', 'mnist_cntk_winml.onnx'), { logSeverityLevel: 4 });
});
after(async () => {
  await session.release();
  await engine.clearCache();
});

const MNIST_PRE: Preprocessing = { width: 28, height: 28, channels: 'gray', layout: 'NCHW', scale: 1 / 255, mean: [0], std: [1], resize: 'stretch' };
const H = 28;
const W = 28;

async function score(x: Float32Array, target: number): Promise<number> {
  const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', x, [1, 1, H, W]) });
  return (out[session.outputNames[0]].data as Float32Array)[target];
}

/** The definition, pixel by pixel; `fill` is the baseline tensor. */
async function bruteForce(x: Float32Array, fill: Float32Array, target: number, p: number, s: number): Promise<Float64Array> {
  const starts = (n: number) => {
    const out: number[] = [];
    for (let i = 0; i < Math.ceil((n - p) / s) + 1; i++) out.push(i * s);
    return out;
  };
  const fx = await score(x, target);
  const drop = new Map<string, number>();
  for (const y0 of starts(H)) {
    for (const x0 of starts(W)) {
      const occluded = Float32Array.from(x);
      for (let y = y0; y < y0 + p && y < H; y++) for (let xx = x0; xx < x0 + p && xx < W; xx++) occluded[y * W + xx] = fill[y * W + xx];
      drop.set(`${y0},${x0}`, fx - (await score(occluded, target)));
    }
  }
  const out = new Float64Array(H * W);
  for (let y = 0; y < H; y++) {
    for (let xx = 0; xx < W; xx++) {
      let total = 0;
      let count = 0;
      for (const y0 of starts(H)) {
        for (const x0 of starts(W)) {
          if (y >= y0 && y < y0 + p && xx >= x0 && xx < x0 + p) {
            total += drop.get(`${y0},${x0}`)!;
            count++;
          }
        }
      }
      assert.ok(count > 0, `pixel ${y},${xx} is covered`);
      out[y * W + xx] = total / count;
    }
  }
  return out;
}

const mnist = (params: MethodParams, image = 'mnist_wonnx_5_28.png'): Promise<ExplainResult> =>
  engine.explain({ model: { path: fixture('models', 'mnist_cntk_winml.onnx') }, image: { path: fixture('images', image) }, method: 'occlusion', params });

describe('occlusion', () => {
  const cases: { params: MethodParams; p: number; s: number; image?: string }[] = [
    { params: {}, p: 4, s: 2 }, // the defaults on 28x28: an eighth of 28 rounded, half of it
    { params: { patch: 5, stride: 3 }, p: 5, s: 3, image: 'mnist_wonnx_3_28.png' }, // a clipped last window
    { params: { patch: 7, stride: 7 }, p: 7, s: 7, image: 'winml_mnist_28.png' },
    { params: { patch: 6, stride: 4, baseline: { kind: 'blur' } }, p: 6, s: 4 },
  ];
  for (const c of cases) {
    it(`matches the brute-force loop: patch ${c.p}, stride ${c.s}${c.params.baseline ? `, ${c.params.baseline.kind} fill` : ''}`, async () => {
      const r = await mnist(c.params, c.image);
      assert.deepEqual(r.relevance.dims, [1, 1, H, W]);
      assert.ok(r.notes.some((n) => n.includes(`${c.p}x${c.p} px, stride ${c.s} px`)), r.notes.join('\n'));
      // The fill: zeros, or the baseline built the way the engine builds it (blur depends on the input only).
      const fill = c.params.baseline ? (await makeBaseline(c.params.baseline, r.input, MNIST_PRE)).tensor.data : new Float32Array(H * W);
      const expected = await bruteForce(r.input.data, fill, r.target, c.p, c.s);
      const err = relativeMaxError(r.relevance.data, expected);
      assert.ok(err <= 1e-5, `max |ours - brute force| / max = ${err.toExponential(2)}`);
      if (process.env.EXPLAIN_TEST_VERBOSE) console.log(`patch ${c.p} stride ${c.s}: ${err.toExponential(2)}`);
    });
  }

  it('is the same whatever the chunk size', async () => {
    const [a, b] = [await mnist({ chunk: 1 }), await mnist({ chunk: 64 })];
    assert.ok(relativeMaxError(a.relevance.data, b.relevance.data) <= 1e-6);
  });

  it('compiles no backward graph and records no layers', async () => {
    const r = await mnist({ patch: 14, stride: 14 });
    assert.equal(r.layers.length, 0);
    assert.equal(r.timings.compileMs, 0);
  });

  it('lays out windows as Captum does: ceil((size - patch) / stride) + 1 per axis, the last clipped', () => {
    assert.deepEqual(occlusionGrid(28, 28, 5, 3).ys, [0, 3, 6, 9, 12, 15, 18, 21, 24]);
    assert.deepEqual(occlusionGrid(64, 64).xs.length, 15);
    assert.equal(occlusionGrid(224, 224).patch, 28);
    assert.equal(occlusionGrid(224, 224).stride, 14);
    assert.deepEqual(occlusionGrid(10, 10, 10, 3).ys, [0]);
  });

  it('refuses a stride larger than the patch, or a patch larger than the image', async () => {
    await assert.rejects(mnist({ patch: 4, stride: 5 }), (e: ExplainError) => e.code === 'BAD_ARGUMENT' && /stride/.test(e.message));
    await assert.rejects(mnist({ patch: 29 }), (e: ExplainError) => e.code === 'BAD_ARGUMENT' && /patch/.test(e.message));
    await assert.rejects(mnist({ patch: 0 }), (e: ExplainError) => e.code === 'BAD_ARGUMENT');
  });
});
