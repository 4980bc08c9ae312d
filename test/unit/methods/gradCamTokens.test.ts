/**
 * Grad-CAM on a transformer's token map, on a hand-built class-token network small enough to differentiate
 * by hand: a 4x4/4 patch embedding of an 8x8 image (4 tokens in a 2x2 grid), a class token and position
 * embedding (the Add), one attention-like mixing X + (X X^T) X, a per-token MLP residual, the class token's
 * row into a linear head. The map must be ReLU(sum_c mean_p dS/dX[p, c] X[p, c]) over the patch tokens p of
 * the default layer, with dS/dX from central differences of the same net written out in float64 here; LayerCAM
 * and XGrad-CAM from the same gradient, for the CAM family's reading of the token map.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/engine/engine';
import { encodeModel } from '../../../src/onnx/encode';
import { type IRGraph, floatTensor, int64Tensor } from '../../../src/onnx/ir';
import { A } from '../../../src/compile/builder';
import { graph, node, randomTensor } from '../../helpers/ir';
import { seededInput } from '../../helpers/models';
import { relDiff } from '../../helpers/relDiff';

const D = 4; // channels
const P = 4; // patch tokens, a 2x2 grid
const CLASSES = 3;

const conv = randomTensor([D, 3, 4, 4], 1, -0.3, 0.3);
const cls = randomTensor([1, 1, D], 2);
const pos = randomTensor([1, 1 + P, D], 3, -0.5, 0.5);
const w2 = randomTensor([D, D], 4, -0.5, 0.5);
const head = randomTensor([D, CLASSES], 5);

function tokenNet(): IRGraph {
  return graph({
    input: ['image', [1, 3, 8, 8]],
    output: 'scores',
    inits: {
      conv, cls, pos, w2, head,
      shape: int64Tensor([1, D, P]),
      zero: int64Tensor([0], []),
      scale: floatTensor([0.1], [1]),
    },
    nodes: [
      node('Conv', ['image', 'conv'], ['patches'], { strides: A.ints([4, 4]), kernel_shape: A.ints([4, 4]) }),
      node('Reshape', ['patches', 'shape'], ['flat']),
      node('Transpose', ['flat'], ['seq'], { perm: A.ints([0, 2, 1]) }),
      node('Concat', ['cls', 'seq'], ['tokens'], { axis: A.int(1) }),
      node('Add', ['tokens', 'pos'], ['x']),
      node('Transpose', ['x'], ['xt'], { perm: A.ints([0, 2, 1]) }),
      node('MatMul', ['x', 'xt'], ['s']),
      node('MatMul', ['s', 'x'], ['sx']),
      node('Mul', ['sx', 'scale'], ['mixed']),
      node('Add', ['x', 'mixed'], ['y']),
      node('MatMul', ['y', 'w2'], ['mlp']),
      node('Add', ['y', 'mlp'], ['z']),
      node('Gather', ['z', 'zero'], ['first'], { axis: A.int(1) }),
      node('MatMul', ['first', 'head'], ['scores']),
    ],
  });
}

/** The score of class t from the token tensor x [(1 + P) * D], after the Add, in float64. */
function scoreFrom(x: Float64Array, t: number): number {
  const T = 1 + P;
  const at = (m: Float64Array, i: number, c: number) => m[i * D + c];
  const s = new Float64Array(T * T);
  for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) for (let c = 0; c < D; c++) s[i * T + j] += at(x, i, c) * at(x, j, c);
  const y = new Float64Array(T * D);
  for (let i = 0; i < T; i++) {
    for (let c = 0; c < D; c++) {
      let sx = 0;
      for (let j = 0; j < T; j++) sx += s[i * T + j] * at(x, j, c);
      y[i * D + c] = at(x, i, c) + 0.1 * sx;
    }
  }
  const w = w2.data as Float32Array;
  const h = head.data as Float32Array;
  let score = 0;
  for (let c = 0; c < D; c++) {
    let z = y[c];
    for (let k = 0; k < D; k++) z += y[k] * w[k * D + c];
    score += z * h[c * CLASSES + t];
  }
  return score;
}

/** The tokens after the Add, from the image, in float64. */
function tokensOf(image: Float32Array): Float64Array {
  const k = conv.data as Float32Array;
  const x = new Float64Array((1 + P) * D);
  for (let c = 0; c < D; c++) x[c] = (cls.data as Float32Array)[c];
  for (let p = 0; p < P; p++) {
    const [py, px] = [Math.floor(p / 2), p % 2];
    for (let c = 0; c < D; c++) {
      let v = 0;
      for (let ch = 0; ch < 3; ch++) for (let u = 0; u < 4; u++) for (let q = 0; q < 4; q++) v += k[((c * 3 + ch) * 4 + u) * 4 + q] * image[(ch * 8 + py * 4 + u) * 8 + px * 4 + q];
      x[(1 + p) * D + c] = v;
    }
  }
  return x.map((v, i) => v + (pos.data as Float32Array)[i]);
}

const tmp = mkdtempSync(join(tmpdir(), 'gradcam-tokens-'));
const engine = new Engine();
after(async () => {
  await engine.clearCache();
  rmSync(tmp, { recursive: true, force: true });
});

describe('Grad-CAM on a token map', () => {
  const model = join(tmp, 'tokens.onnx');
  writeFileSync(model, encodeModel(tokenNet()));
  const image = seededInput(3 * 8 * 8, 7, -1, 1);
  const request = (layer?: string) => engine.explain({ model: { path: model }, image: { tensor: { data: image, dims: [1, 3, 8, 8] } }, method: 'grad-cam', params: { layer } });

  it('defaults to the last block input whose patch tokens reach the score, named in the notes, and matches the hand computation', async () => {
    const r = await request();
    const x = tokensOf(image);
    const h = 1e-5;
    const grad = x.map((_, i) => {
      const [up, down] = [Float64Array.from(x), Float64Array.from(x)];
      up[i] += h;
      down[i] -= h;
      return (scoreFrom(up, r.target) - scoreFrom(down, r.target)) / (2 * h);
    });
    const weights = Array.from({ length: D }, (_, c) => {
      let s = 0;
      for (let p = 0; p < P; p++) s += grad[(1 + p) * D + c];
      return s / P;
    });
    const expected = Array.from({ length: P }, (_, p) => Math.max(0, weights.reduce((s, w, c) => s + w * x[(1 + p) * D + c], 0)));
    assert.deepEqual(r.cam!.dims, [1, 1, 2, 2]);
    assert.deepEqual(r.relevance.dims, [1, 1, 8, 8]);
    assert.ok(expected.some((v) => v > 0), 'the hand-computed map is not all zero');
    assert.ok(relDiff(r.cam!.data, expected) < 1e-4, `${Array.from(r.cam!.data)} vs ${expected}`);
    assert.ok(r.notes.some((n) => n.startsWith('Layer "x": a token map of 5 tokens, its 4 patch tokens read as their 2x2 grid, the first token (a class token) left out; 4 channels.')), r.notes.join(' | '));
  });

  it('LayerCAM and XGrad-CAM read the same patch tokens: their maps from the hand gradient', async () => {
    const x = tokensOf(image);
    const target = (await request()).target;
    const h = 1e-5;
    const grad = x.map((_, i) => {
      const [up, down] = [Float64Array.from(x), Float64Array.from(x)];
      up[i] += h;
      down[i] -= h;
      return (scoreFrom(up, target) - scoreFrom(down, target)) / (2 * h);
    });
    const at = (a: ArrayLike<number>, p: number, c: number) => a[(1 + p) * D + c];
    const layerCam = Array.from({ length: P }, (_, p) => Math.max(0, Array.from({ length: D }, (_, c) => Math.max(at(grad, p, c), 0) * at(x, p, c)).reduce((a, b) => a + b, 0)));
    const xWeights = Array.from({ length: D }, (_, c) => {
      let [gx, sx] = [0, 0];
      for (let p = 0; p < P; p++) [gx, sx] = [gx + at(grad, p, c) * at(x, p, c), sx + at(x, p, c)];
      return gx / (sx + 1e-7);
    });
    const xGradCam = Array.from({ length: P }, (_, p) => Math.max(0, xWeights.reduce((s, w, c) => s + w * at(x, p, c), 0)));
    for (const [method, expected] of [['layer-cam', layerCam], ['xgrad-cam', xGradCam]] as const) {
      const r = await engine.explain({ model: { path: model }, image: { tensor: { data: image, dims: [1, 3, 8, 8] } }, method, target });
      assert.ok(expected.some((v) => v > 0), `${method}: the hand-computed map is not all zero`);
      assert.ok(relDiff(r.cam!.data, expected) < 1e-4, `${method}: ${Array.from(r.cam!.data)} vs ${expected}`);
    }
  });

  it('the last block output, named as the layer, has patch tokens that reach the score only through the class token: an all-zero map', async () => {
    const r = await request('z');
    assert.ok(r.cam!.data.every((v) => v === 0));
    assert.ok(r.notes.some((n) => n.startsWith('Layer "z": a token map')));
  });

  it('a sequence that is not the patch grid is refused with its shape', async () => {
    await assert.rejects(request('first'), /Layer "first" has shape \[1, 4\], not a spatial map \[1, C, h, w\] nor a token map/);
  });
});
