/**
 * Grad-CAM against Captum's LayerGradCam (relu_attributions=True) on every reference pair, on the original
 * model files: every gradcam_* map the reference has, at the layer's resolution (result.cam) and upsampled
 * bilinearly to the input (result.relevance, [1, 1, H, W]), elementwise within 1e-3 of the reference's largest
 * value and sums within 1e-3 relative. The layer is the ONNX tensor the reference's JSON names: the last Conv's
 * output (pre-BN on ResNet/MobileNet, where canonicalization folds the BN into the Conv and the map is recovered
 * per channel), that Conv's input, or the global average pool's input (also the default layer there).
 * Then: the default layer, a layer given by node name, errors for layers that are not feature maps, the CLI,
 * and an NHWC model against its NCHW twin (every class activation method and occlusion).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/engine/engine';
import { ExplainError } from '../../../src/errors';
import type { IRGraph, IRNode } from '../../../src/onnx/ir';
import { decodeModel } from '../../../src/onnx/decode';
import { decodeNpy } from '../../../src/io/npy';
import { relevanceLayout } from '../../../src/cli/writeResults';
import { encodeModel } from '../../../src/onnx/encode';
import { floatTensor } from '../../../src/onnx/ir';
import type { ExplainRequest, MethodName, MethodParams } from '../../../src/protocol';
import { fixture } from '../../helpers/fixtures';
import { seededInput } from '../../helpers/models';
import { referencePairs, relativeMaxError, sum } from '../../helpers/referencePairs';

const engine = new Engine();
after(() => engine.clearCache());

const graphs = new Map<string, IRGraph>();
function original(path: string): IRGraph {
  let g = graphs.get(path);
  if (!g) graphs.set(path, (g = decodeModel(readFileSync(path), path)));
  return g;
}

/** The data input of the Conv that produces `tensor` (through a bias Add, as CNTK writes it). */
function convInput(g: IRGraph, tensor: string): string {
  let n = g.nodes.find((m) => m.outputs.includes(tensor));
  while (n && n.opType === 'Add') {
    const x = n.inputs.find((i) => !g.inits.has(i))!;
    n = g.nodes.find((m) => m.outputs.includes(x));
  }
  assert.ok(n && n.opType === 'Conv', `no Conv produces ${tensor}`);
  return n.inputs[0];
}

/** The tensor each gradcam_* map of the reference was taken on, by the JSON's onnx_tensor. */
function layerOf(g: IRGraph, key: string, info: Record<string, unknown>): string {
  const t = String(info.onnx_tensor);
  if (key === 'gradcam_gap_input') {
    const out = t.replace(/^input of /, '');
    return g.nodes.find((n) => n.outputs.includes(out))!.inputs[0];
  }
  return info.attribute_to_layer_input ? convInput(g, t) : t;
}

function assertClose(ours: Float32Array, ref: Float32Array, what: string): { err: number; sumErr: number } {
  assert.equal(ours.length, ref.length, `${what}: length`);
  if (ref.every((v) => v === 0)) {
    // MNIST's last Conv input: every position's weighted sum is negative, so the ReLU'd map is exactly zero.
    assert.ok(ours.every((v) => v === 0), `${what}: the reference is all zeros, ours is not`);
    return { err: 0, sumErr: 0 };
  }
  const err = relativeMaxError(ours, ref);
  assert.ok(err <= 1e-3, `${what}: max |ours - ref| / max |ref| = ${err.toExponential(2)}`);
  const [a, b] = [sum(ours), sum(ref)];
  const sumErr = Math.abs(a - b) / Math.abs(b);
  assert.ok(sumErr <= 1e-3, `${what}: sum ${a} vs reference ${b}`);
  return { err, sumErr };
}

for (const pair of referencePairs()) {
  describe(`Grad-CAM reference ${pair.id}`, () => {
    const methods = pair.json.methods as Record<string, Record<string, unknown>>;
    const keys = [...pair.arrays.keys()].filter((k) => k.startsWith('gradcam_') && !k.endsWith('_upsampled'));
    it('has gradcam maps', () => assert.ok(keys.length >= 2));
    for (const key of keys) {
      it(`${key} and ${key}_upsampled`, async () => {
        const g = original(pair.modelPath);
        const layer = layerOf(g, key, methods[key]);
        const r = await engine.explain({ model: { path: pair.modelPath }, image: { tensor: pair.input }, method: 'grad-cam', params: { layer }, target: pair.target });
        const ref = pair.arrays.get(key)!;
        const up = pair.arrays.get(`${key}_upsampled`)!;
        assert.deepEqual(r.cam!.dims, [1, 1, ...ref.shape]);
        assert.deepEqual(r.relevance.dims, [1, 1, ...up.shape]);
        const a = assertClose(r.cam!.data, ref.data, key);
        const b = assertClose(r.relevance.data, up.data, `${key}_upsampled`);
        if (process.env.EXPLAIN_TEST_VERBOSE) console.log(`${pair.id} ${key} on ${layer}: ${a.err.toExponential(2)} / ${a.sumErr.toExponential(2)}; upsampled ${b.err.toExponential(2)} / ${b.sumErr.toExponential(2)}`);
      });
    }
  });
}

describe('Grad-CAM layers', () => {
  const resnet = referencePairs().find((p) => p.model === 'resnet_mini')!;
  const mnist = referencePairs().find((p) => p.model === 'mnist')!;
  const run = (pair: typeof resnet, layer?: string) =>
    engine.explain({ model: { path: pair.modelPath }, image: { tensor: pair.input }, method: 'grad-cam', params: { layer }, target: pair.target });

  it('defaults to the global average pool input on ResNet and MobileNet (the gradcam_gap_input map)', async () => {
    for (const pair of referencePairs().filter((p) => p.arrays.has('gradcam_gap_input'))) {
      const r = await run(pair);
      assert.ok(relativeMaxError(r.cam!.data, pair.arrays.get('gradcam_gap_input')!.data) <= 1e-3, pair.id);
    }
  });

  it('defaults to the last spatial map elsewhere (MNIST: the last MaxPool output, 4x4)', async () => {
    const r = await run(mnist);
    assert.deepEqual(r.cam!.dims, [1, 1, 4, 4]);
    assert.ok(r.notes.some((n) => n.includes('"Pooling160_Output_0"')));
  });

  it('takes a node name for its first output: the pre-BN Conv of ResNet', async () => {
    const r = await run(resnet, '/layers/layers.1/layers.1.1/conv2/Conv');
    assert.ok(relativeMaxError(r.cam!.data, resnet.arrays.get('gradcam_last_conv_output')!.data) <= 1e-3);
  });

  it('refuses a tensor that is not a spatial feature map, or no tensor at all', async () => {
    await assert.rejects(run(resnet, '/Flatten_output_0'), (e: ExplainError) => e.code === 'BAD_ARGUMENT' && /not a spatial map/.test(e.message));
    await assert.rejects(run(resnet, 'no-such-layer'), (e: ExplainError) => e.code === 'BAD_ARGUMENT' && /No tensor or node/.test(e.message));
  });

  it('runs the backward only down to the map: its layers start at the map, whose channel records are the gradient sums', async () => {
    const r = await run(resnet);
    const fm = r.notes.find((n) => n.startsWith('Layer "'))!;
    const g = await engine.explain({ model: { path: resnet.modelPath }, image: { tensor: resnet.input }, method: 'gradient', target: resnet.target });
    assert.ok(r.layers.length > 0 && r.layers.length < g.layers.length, `${r.layers.length} of ${g.layers.length} layers`);
    const first = r.layers[0];
    assert.ok(fm.includes(`"${first.name}"`), `${first.name} in ${fm}`);
    // The layers reported are the full gradient's layers from the map up, with the same records.
    const same = g.layers.slice(g.layers.length - r.layers.length);
    assert.deepEqual(r.layers.map((l) => l.name), same.map((l) => l.name));
    r.layers.forEach((l, k) => assert.ok(relativeMaxError(l.neurons, same[k].neurons) <= 1e-5, l.name));
    assert.ok(r.relevance.data.some((v) => v > 0));
  });

  it('offers the layers it can read (the view\'s picker): each one runs to a spatial map, and the default is the one used unasked', async () => {
    for (const pair of [mnist, resnet]) {
      const r = await run(pair);
      const choices = r.layerChoices!;
      assert.ok(choices.candidates.length >= 2 && choices.candidates.includes(choices.default), `${pair.id}: ${choices.candidates.join(', ')}`);
      assert.ok(r.notes.some((n) => n.startsWith(`Layer "${choices.default}"`)), `${pair.id}: the default ${choices.default} is the layer explained`);
      const same = await run(pair, choices.default);
      assert.deepEqual([...same.cam!.data], [...r.cam!.data], `${pair.id}: naming the default changes nothing`);
      for (const layer of choices.candidates) {
        const c = await run(pair, layer);
        const [, , h, w] = c.cam!.dims;
        assert.ok(h * w > 1, `${pair.id} ${layer}: a map of more than one position (${h}x${w})`);
      }
    }
    const lrp = await engine.explain({ model: { path: mnist.modelPath }, image: { tensor: mnist.input }, method: 'lrp', target: mnist.target });
    assert.equal(lrp.layerChoices, undefined, 'only class activation methods read a layer');
  });

  it('the map is ReLU\'d: non-negative, and upsampled from the cam', async () => {
    const r = await run(resnet);
    assert.ok(r.cam!.data.every((v) => v >= 0));
    assert.ok(r.relevance.data.every((v) => v >= 0));
  });
});

describe('Grad-CAM on the command line', () => {
  it('--method grad-cam writes relevance.npy [1,1,H,W] and cam.npy [1,1,h,w]', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradcam-cli-'));
    try {
      const out = join(dir, 'out');
      const args = [fixture('images', 'astronaut_64.png'), '--model', fixture('models', 'resnet_mini.onnx'), '--method', 'grad-cam', '--out', out];
      const run = spawnSync(process.execPath, [join(fixture(), '..', '..', 'bin', 'explain.js'), ...args], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const rel = decodeNpy(readFileSync(join(out, 'relevance.npy')));
      const cam = decodeNpy(readFileSync(join(out, 'cam.npy')));
      assert.deepEqual(rel.shape, [1, 1, 64, 64]);
      assert.deepEqual(cam.shape, [1, 1, 8, 8]);
      const json = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
      assert.deepEqual(json.relevanceShape, [1, 1, 64, 64]);
      assert.ok(readFileSync(join(out, 'heatmap.png')).length > 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a [1,1,H,W] map renders as NCHW even for an NHWC model; input-shaped relevance keeps the layout', () => {
    const input = { data: new Float32Array(12), dims: [1, 2, 2, 3] };
    assert.equal(relevanceLayout({ relevance: { data: new Float32Array(4), dims: [1, 1, 2, 2] }, input, layout: 'NHWC' }), 'NCHW');
    assert.equal(relevanceLayout({ relevance: input, input, layout: 'NHWC' }), 'NHWC');
  });
});

/**
 * The same tiny network as an NHWC model (input [1, 8, 8, 3] -> Transpose -> Conv ...) and as an NCHW one: the
 * Transpose's output is not taken for a feature map, the default layer is the Conv's ReLU in both, and every
 * class activation method (the CAM family too) and occlusion give the same maps (input-shaped ones transposed).
 */
describe('NHWC models', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nhwc-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const H = 8;
  const W = 8;
  const C = 3;
  const inits = () =>
    new Map([
      ['w', floatTensor(seededInput(6 * C * 9, 11, -1, 1), [6, C, 3, 3])],
      ['b', floatTensor(seededInput(6, 12, -0.2, 0.2), [6])],
      ['fw', floatTensor(seededInput(4 * 6, 13, -1, 1), [4, 6])],
      ['fb', floatTensor(seededInput(4, 14, -1, 1), [4])],
    ]);
  const head = (from: string): IRNode[] => [
    { name: 'conv', opType: 'Conv', domain: '', inputs: [from, 'w', 'b'], outputs: ['c'], attrs: { pads: { type: 'ints' as const, value: [1, 1, 1, 1] } } },
    { name: 'relu', opType: 'Relu', domain: '', inputs: ['c'], outputs: ['r'], attrs: {} },
    { name: 'gap', opType: 'GlobalAveragePool', domain: '', inputs: ['r'], outputs: ['p'], attrs: {} },
    { name: 'flat', opType: 'Flatten', domain: '', inputs: ['p'], outputs: ['f'], attrs: { axis: { type: 'int' as const, value: 1 } } },
    { name: 'fc', opType: 'Gemm', domain: '', inputs: ['f', 'fw', 'fb'], outputs: ['logits'], attrs: { transB: { type: 'int' as const, value: 1 } } },
  ];
  const write = (name: string, layout: 'NCHW' | 'NHWC') => {
    const nodes: IRNode[] = layout === 'NHWC' ? [{ name: 'to_nchw', opType: 'Transpose', domain: '', inputs: ['x'], outputs: ['t'], attrs: { perm: { type: 'ints' as const, value: [0, 3, 1, 2] } } }, ...head('t')] : head('x');
    const dims = layout === 'NHWC' ? [1, H, W, C] : [1, C, H, W];
    writeFileSync(join(dir, `${name}.onnx`), encodeModel({ name, opset: 17, inputs: [{ name: 'x', type: 'float32', dims }], outputs: [{ name: 'logits', type: 'float32', dims: [1, 4] }], inits: inits(), nodes }));
    writeFileSync(join(dir, `${name}.explain.json`), JSON.stringify({ model: `${name}.onnx`, input: { layout, channels: 'RGB', width: W, height: H } }));
    return join(dir, `${name}.explain.json`);
  };
  const nchwModel = write('nchw', 'NCHW');
  const nhwcModel = write('nhwc', 'NHWC');
  const xNchw = seededInput(C * H * W, 15, -1, 1);
  const xNhwc = new Float32Array(C * H * W);
  for (let c = 0; c < C; c++) for (let p = 0; p < H * W; p++) xNhwc[p * C + c] = xNchw[c * H * W + p];
  const run = (model: string, x: Float32Array, dims: number[], method: MethodName, params: MethodParams = {}) =>
    engine.explain({ model: { path: model }, image: { tensor: { data: x, dims } }, method, params, target: 1 } as ExplainRequest);

  for (const method of ['grad-cam', 'cam', 'guided-grad-cam', 'occlusion', 'grad-cam++', 'layer-cam', 'xgrad-cam', 'score-cam', 'eigen-cam'] as MethodName[]) {
    it(`${method} gives the same map on the NHWC model`, async () => {
      const params = method === 'occlusion' ? { patch: 3, stride: 2, baseline: { kind: 'zero' as const } } : {};
      const a = await run(nchwModel, xNchw, [1, C, H, W], method, params);
      const b = await run(nhwcModel, xNhwc, [1, H, W, C], method, params);
      if (a.cam) assert.deepEqual(b.cam!.data, a.cam.data);
      if (a.relevance.dims[1] === 1) {
        assert.deepEqual(b.relevance.dims, [1, 1, H, W]);
        assert.ok(relativeMaxError(b.relevance.data, a.relevance.data) <= 1e-6);
      } else {
        assert.deepEqual(b.relevance.dims, [1, H, W, C]);
        const back = new Float32Array(C * H * W);
        for (let c = 0; c < C; c++) for (let p = 0; p < H * W; p++) back[c * H * W + p] = b.relevance.data[p * C + c];
        assert.ok(relativeMaxError(back, a.relevance.data) <= 1e-6);
      }
      assert.ok(a.relevance.data.some((v) => v !== 0));
    });
  }

  it('the NHWC input itself is not a feature map', async () => {
    await assert.rejects(run(nhwcModel, xNhwc, [1, H, W, C], 'grad-cam', { layer: 'x' }), (e: ExplainError) => e.code === 'BAD_ARGUMENT' && /NCHW/.test(e.message));
  });
});
