/**
 * DeepLIFT's rules on networks small enough to work out by hand (Shrikumar et al. 2017), run end to end
 * through the engine: each graph is written to a temporary .onnx file and explained with a tensor input
 * [1, 1, 1, 2] (two inputs i1, i2) against the zero reference. The expected numbers are derived in the
 * comments. Also: DeepLIFT on a linear network is gradient x input (zero reference) or gradient x (x - x0);
 * pairs stay together whatever the chunk size; the CLI's --rule for deeplift.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/engine/engine';
import { encodeModel } from '../../../src/onnx/encode';
import { type ConstTensor, type IRNode, floatTensor } from '../../../src/onnx/ir';
import type { ExplainResult, MethodName, MethodParams } from '../../../src/protocol';
import { parseCli } from '../../../src/cli/args';
import { A } from '../../../src/compile/builder';
import { graph, node, randomTensor } from '../../helpers/ir';
import { fixture } from '../../helpers/fixtures';
import { resolveModelConfig } from '../../../src/config/modelConfig';
import { makeBaseline } from '../../../src/preprocess/baselines';
import { relativeMaxError } from '../../helpers/referencePairs';

const engine = new Engine();
const dir = mkdtempSync(join(tmpdir(), 'deeplift-'));
after(async () => {
  await engine.clearCache();
  rmSync(dir, { recursive: true, force: true });
});

let count = 0;
/** A hand-built network on input x [1, 1, 1, 2], flattened to v = (i1, i2), as a model file. */
function twoInputs(nodes: IRNode[], output: string, inits: Record<string, ConstTensor>): string {
  const path = join(dir, `net${count++}.onnx`);
  const g = graph({ opset: 17, input: ['x', [1, 1, 1, 2]], output, nodes: [node('Flatten', ['x'], ['v'], { axis: A.int(1) }), ...nodes], inits });
  writeFileSync(path, encodeModel(g));
  return path;
}

const column = (...w: number[]) => floatTensor(w, [w.length, 1]);

async function explain(model: string, x: number[], method: MethodName, params: MethodParams = {}): Promise<ExplainResult> {
  return engine.explain({ model: { path: model }, image: { tensor: { data: Float32Array.from(x), dims: [1, 1, 1, 2] } }, method, params, target: 0 });
}

const close = (got: ArrayLike<number>, want: number[], tol = 1e-6) =>
  assert.ok(
    want.every((w, i) => Math.abs(got[i] - w) <= tol * Math.max(1, Math.abs(w))),
    `got [${Array.from(got).map((v) => v.toFixed(7))}], expected [${want.map((v) => v.toFixed(7))}]`,
  );

describe('DeepLIFT on hand-worked networks', () => {
  // min(i1, i2) = i1 - relu(i1 - i2) (the paper's section 3.5.3). z = i1 - i2, h = relu(z), y = i1 - h.
  const minNet = twoInputs(
    [node('MatMul', ['v', 'w1'], ['z']), node('Relu', ['z'], ['h']), node('Concat', ['v', 'h'], ['c'], { axis: A.int(1) }), node('MatMul', ['c', 'w2'], ['y'])],
    'y',
    { w1: column(1, -1), w2: column(1, 0, -1) },
  );

  it('min(i1, i2) at (3, 1): gradients and Rescale credit i2 alone, RevealCancel gives each input min/2', async () => {
    // y = min(3, 1) = 1, y0 = 0. Gradient: dy/di1 = 1 - relu'(2) = 0, dy/di2 = relu'(2) = 1, so gradient x
    // input = (0, 1): i1 gets nothing although lowering it below 1 would lower y.
    // Rescale: z0 = 0, z = 2, slope (2 - 0)/(2 - 0) = 1, the gradient again: (0, 1).
    // RevealCancel: z's difference splits into P = 1*3 = 3 (from i1) and N = -1*1 = -1 (from i2);
    //   dY+ = 1/2 (relu(0+3) - relu(0)) + 1/2 (relu(0-1+3) - relu(0-1)) = 1.5 + 1 = 2.5
    //   dY- = 1/2 (relu(0-1) - relu(0)) + 1/2 (relu(0+3-1) - relu(0+3)) = 0 - 0.5 = -0.5   (sum 2 = h - h0)
    //   m_h = -1, so M+ = -2.5/3 = -5/6 and M- = -(-0.5)/(-1) = -1/2.
    //   i1 (D = 3 > 0, w = +1 in W+): m = 1 (direct) + 1 * M+ = 1/6, attribution 3/6 = 0.5.
    //   i2 (D = 1 > 0, w = -1 in W-): m = -1 * M- = 1/2, attribution 0.5.
    const grad = await explain(minNet, [3, 1], 'gradient-x-input');
    close(grad.relevance.data, [0, 1]);
    const rescale = await explain(minNet, [3, 1], 'deeplift', { deeplift: 'rescale' });
    close(rescale.relevance.data, [0, 1]);
    const rc = await explain(minNet, [3, 1], 'deeplift', { deeplift: 'revealcancel' });
    close(rc.relevance.data, [0.5, 0.5]);
    assert.ok(Math.abs(rc.score - 1) < 1e-6 && Math.abs(rc.baselineScore!) < 1e-6);
  });

  it('min(i1, i2) at (1, 3): the same split from the other side', async () => {
    // y = 1. Gradient: relu'(-2) = 0, so dy/di1 = 1, dy/di2 = 0: (1, 0); Rescale: slope (0 - 0)/(-2 - 0) = 0,
    // the same. RevealCancel: P = 1 (i1), N = -3 (i2);
    //   dY+ = 1/2 (relu(1) - 0) + 1/2 (relu(-3+1) - relu(-3)) = 0.5
    //   dY- = 1/2 (relu(-3) - 0) + 1/2 (relu(1-3) - relu(1)) = -0.5            (sum 0 = h - h0)
    //   M+ = -0.5/1 = -1/2, M- = -(-0.5)/(-3) = -1/6 (m_h = -1).
    //   i1: m = 1 + M+ = 1/2, attribution 0.5; i2: m = -1 * M- = 1/6, attribution 3/6 = 0.5.
    close((await explain(minNet, [1, 3], 'deeplift', { deeplift: 'rescale' })).relevance.data, [1, 0]);
    close((await explain(minNet, [1, 3], 'deeplift', { deeplift: 'revealcancel' })).relevance.data, [0.5, 0.5]);
  });

  it('max(i1, i2) = i2 + relu(i1 - i2) at (3, 1): RevealCancel splits the shared part, Rescale does not', async () => {
    // y = 3. Rescale/gradient: slope 1, m_i1 = 1, m_i2 = 1 - 1 = 0: (3, 0), the smaller input gets nothing.
    // RevealCancel: as for min, dY+ = 2.5, dY- = -0.5, now m_h = +1: M+ = 5/6, M- = 1/2.
    //   i1: m = 5/6, attribution 2.5; i2: m = 1 (direct) - M- = 1/2, attribution 0.5.
    // So i2 = min gets min/2 and i1 gets max - min/2: the part the two share is split evenly.
    const maxNet = twoInputs(
      [node('MatMul', ['v', 'w1'], ['z']), node('Relu', ['z'], ['h']), node('Concat', ['v', 'h'], ['c'], { axis: A.int(1) }), node('MatMul', ['c', 'w2'], ['y'])],
      'y',
      { w1: column(1, -1), w2: column(0, 1, 1) },
    );
    close((await explain(maxNet, [3, 1], 'deeplift', { deeplift: 'rescale' })).relevance.data, [3, 0]);
    close((await explain(maxNet, [3, 1], 'deeplift', { deeplift: 'revealcancel' })).relevance.data, [2.5, 0.5]);
  });

  it('saturation, y = 1 - relu(1 - i1 - i2) at (2, 1): the gradient is zero, DeepLIFT gives (2/3, 1/3)', async () => {
    // The paper's figure 1. y = 1 - relu(-2) = 1, y0 = 1 - relu(1) = 0. Gradient: relu'(-2) = 0, all zero.
    // Rescale: z = -2, z0 = 1, slope (0 - 1)/(-2 - 1) = 1/3; m_z = -1/3; m_i = (-1)(-1/3) = 1/3 each:
    // attributions (2/3, 1/3), summing to 1.
    // RevealCancel: w = (-1, -1), D = (2, 1): P = 0, N = -3. P' = pc(0) = 1e-7;
    //   dY+ = 1/2 (relu(1 + 1e-7) - 1) + 1/2 (relu(-2 + 1e-7) - relu(-2)) = 5e-8
    //   dY- = 1/2 (relu(-2) - 1) + 1/2 (relu(-2 + 1e-7) - relu(1 + 1e-7)) = -1 - 5e-8
    //   M- = -(-1 - 5e-8)/(-3) = -1/3 (m_h = -1); both inputs have D > 0 and w < 0, so take -1 * M- = 1/3:
    //   the same (2/3, 1/3). (P = 0 contributes nothing whatever M+ is.)
    const sat = twoInputs(
      [node('Gemm', ['v', 'w1', 'b1'], ['z']), node('Relu', ['z'], ['h']), node('Gemm', ['h', 'w2', 'b2'], ['y'])],
      'y',
      { w1: column(-1, -1), b1: floatTensor([1], [1]), w2: column(-1), b2: floatTensor([1], [1]) },
    );
    close((await explain(sat, [2, 1], 'gradient')).relevance.data, [0, 0]);
    for (const rule of ['rescale', 'revealcancel'] as const) {
      const r = await explain(sat, [2, 1], 'deeplift', { deeplift: rule });
      close(r.relevance.data, [2 / 3, 1 / 3], 1e-6);
      assert.ok(Math.abs(r.relevanceSum - 1) < 1e-6);
    }
  });

  it('RevealCancel through a Tanh: the attributions are dY+ and dY- themselves', async () => {
    // y = tanh(i1 - i2 + 1/2) at (1, 1/2): z0 = 1/2, P = 1 (from i1), N = -1/2 (from i2), y0 = tanh(1/2).
    //   dY+ = 1/2 (tanh(1.5) - tanh(0.5)) + 1/2 (tanh(1.0) - tanh(0.0)) = 0.3725776
    //   dY- = 1/2 (tanh(0.0) - tanh(0.5)) + 1/2 (tanh(1.0) - tanh(1.5)) = -0.3085151
    //   (sum tanh(1) - tanh(0.5) = 0.0640625). i1: m = dY+/P, attribution 1 * dY+/1 = dY+;
    //   i2 (w = -1 in W-): m = -dY-/N = 2 dY-, attribution 1/2 * 2 dY- = dY-.
    // Rescale instead: slope (tanh(1) - tanh(0.5))/(1 - 0.5) = 0.128125, attributions (0.128125, -0.0640625).
    const net = twoInputs([node('Gemm', ['v', 'w1', 'b1'], ['z']), node('Tanh', ['z'], ['y'])], 'y', { w1: column(1, -1), b1: floatTensor([0.5], [1]) });
    const t = Math.tanh;
    const dyPos = 0.5 * (t(1.5) - t(0.5)) + 0.5 * (t(1) - t(0));
    const dyNeg = 0.5 * (t(0) - t(0.5)) + 0.5 * (t(1) - t(1.5));
    close((await explain(net, [1, 0.5], 'deeplift', { deeplift: 'revealcancel' })).relevance.data, [dyPos, dyNeg], 1e-6);
    const slope = (t(1) - t(0.5)) / 0.5;
    close((await explain(net, [1, 0.5], 'deeplift', { deeplift: 'rescale' })).relevance.data, [slope, -0.5 * slope], 1e-6);
  });

  it('Rescale of Sigmoid, LeakyRelu and Clip is the secant slope, exact to the difference', async () => {
    // One unit z = 2 i1 - i2 - 0.3 through each activation f, at (0.7, -0.4): z = 1.5, z0 = -0.3.
    // Slope s = (f(1.5) - f(-0.3))/1.8; attributions (2 s 0.7, -1 s (-0.4)), summing to f(1.5) - f(-0.3).
    const cases: [string, Record<string, ReturnType<typeof A.float>>, (z: number) => number, string[]][] = [
      ['Sigmoid', {}, (z) => 1 / (1 + Math.exp(-z)), []],
      ['LeakyRelu', { alpha: A.float(0.1) }, (z) => (z > 0 ? z : 0.1 * z), []],
      ['Clip', {}, (z) => Math.min(Math.max(z, 0), 1), ['lo', 'hi']],
    ];
    for (const [op, attrs, f, bounds] of cases) {
      const net = twoInputs([node('Gemm', ['v', 'w1', 'b1'], ['z']), node(op, ['z', ...bounds], ['y'], attrs)], 'y', {
        w1: column(2, -1),
        b1: floatTensor([-0.3], [1]),
        lo: floatTensor([0], []),
        hi: floatTensor([1], []),
      });
      const s = (f(1.5) - f(-0.3)) / 1.8;
      const r = await explain(net, [0.7, -0.4], 'deeplift');
      close(r.relevance.data, [2 * s * 0.7, 0.4 * s], 1e-5);
      assert.ok(Math.abs(r.relevanceSum - (f(1.5) - f(-0.3))) < 1e-6, op);
    }
  });
});

describe('DeepLIFT on other ops', () => {
  it('splits a product of two image-dependent tensors exactly: i1 * i2 at (3, 2) gives (3, 3)', async () => {
    // a = i1, c = i2 (two Gemms), y = a c. m_a = m (c + c0)/2 = 1, m_c = (a + a0)/2 = 3/2: attributions
    // 3 * 1 = 3 and 2 * 3/2 = 3, summing to 6 = y - y0 (the Shapley split of a product from 0).
    const net = twoInputs([node('Gemm', ['v', 'wa'], ['a']), node('Gemm', ['v', 'wc'], ['c']), node('Mul', ['a', 'c'], ['y'])], 'y', { wa: column(1, 0), wc: column(0, 1) });
    close((await explain(net, [3, 2], 'deeplift')).relevance.data, [3, 3]);
  });

  it('refuses a division by an image-dependent tensor', async () => {
    const net = twoInputs([node('Gemm', ['v', 'wa'], ['a']), node('Gemm', ['v', 'wc'], ['c']), node('Div', ['a', 'c'], ['y'])], 'y', { wa: column(1, 0), wc: column(0, 1) });
    await assert.rejects(explain(net, [3, 2], 'deeplift'), /Div/);
  });

  it('sums exactly to the difference through overlapping MaxPool and GlobalMaxPool, Sigmoid and LeakyRelu', async () => {
    const path = join(dir, 'pools.onnx');
    writeFileSync(
      path,
      encodeModel(
        graph({
          opset: 17,
          input: ['x', [1, 3, 12, 12]],
          output: 'y',
          nodes: [
            node('Conv', ['x', 'w', 'b'], ['c'], { kernel_shape: A.ints([3, 3]), pads: A.ints([1, 1, 1, 1]) }),
            node('LeakyRelu', ['c'], ['r'], { alpha: A.float(0.2) }),
            node('MaxPool', ['r'], ['p'], { kernel_shape: A.ints([3, 3]), strides: A.ints([1, 1]) }),
            node('Conv', ['p', 'w2', 'b2'], ['c2'], { kernel_shape: A.ints([3, 3]) }),
            node('Sigmoid', ['c2'], ['s']),
            node('GlobalMaxPool', ['s'], ['g']),
            node('Flatten', ['g'], ['f'], { axis: A.int(1) }),
            node('Gemm', ['f', 'wd', 'bd'], ['y'], { transB: A.int(1) }),
          ],
          inits: { w: randomTensor([6, 3, 3, 3], 11), b: randomTensor([6], 12), w2: randomTensor([5, 6, 3, 3], 13), b2: randomTensor([5], 14), wd: randomTensor([4, 5], 15), bd: randomTensor([4], 16) },
        }),
      ),
    );
    const x = randomTensor([1, 3, 12, 12], 17).data as Float32Array;
    for (const deeplift of ['rescale', 'revealcancel'] as const) {
      for (const baseline of [{ kind: 'zero' }, { kind: 'blur', sigma: 2 }] as const) {
        const r = await engine.explain({ model: { path }, image: { tensor: { data: x, dims: [1, 3, 12, 12] } }, method: 'deeplift', params: { deeplift, baseline }, target: 1 });
        const delta = r.conserved!;
        assert.ok(Math.abs(delta) > 1e-3);
        assert.ok(Math.abs(r.completenessError!) <= 1e-5 * Math.abs(delta), `${deeplift} ${baseline.kind}: ${r.relevanceSum} vs ${delta}`);
        for (const l of r.layers) assert.ok(Math.abs(l.gap!) <= 1e-5 * Math.abs(delta), `${l.op} ${l.name}: ${l.sum} vs ${delta}`);
      }
    }
  });
});

describe('DeepLIFT on a linear network', () => {
  // Conv -> AveragePool -> Flatten -> Gemm: no nonlinearity, so every multiplier is the gradient.
  const path = join(dir, 'linear.onnx');
  writeFileSync(
    path,
    encodeModel(
      graph({
        opset: 17,
        input: ['x', [1, 3, 8, 8]],
        output: 'y',
        nodes: [
          node('Conv', ['x', 'w', 'b'], ['c'], { kernel_shape: A.ints([3, 3]), pads: A.ints([1, 1, 1, 1]) }),
          node('AveragePool', ['c'], ['p'], { kernel_shape: A.ints([2, 2]), strides: A.ints([2, 2]) }),
          node('Flatten', ['p'], ['f'], { axis: A.int(1) }),
          node('Gemm', ['f', 'wd', 'bd'], ['y'], { transB: A.int(1) }),
        ],
        inits: { w: randomTensor([4, 3, 3, 3], 1), b: randomTensor([4], 2), wd: randomTensor([5, 64], 3), bd: randomTensor([5], 4) },
      }),
    ),
  );
  const x = randomTensor([1, 3, 8, 8], 5).data as Float32Array;
  const req = (method: MethodName, params?: MethodParams) => ({ model: { path }, image: { tensor: { data: x, dims: [1, 3, 8, 8] } }, method, params, target: 2 });

  it('equals gradient x input with the zero reference, for both rules', async () => {
    const gx = await engine.explain(req('gradient-x-input'));
    for (const rule of ['rescale', 'revealcancel'] as const) {
      const d = await engine.explain(req('deeplift', { deeplift: rule }));
      assert.ok(relativeMaxError(d.relevance.data, gx.relevance.data) < 1e-5, rule);
    }
  });

  it('equals gradient x (x - x0) with another reference', async () => {
    const g = await engine.explain(req('gradient'));
    const d = await engine.explain(req('deeplift', { baseline: { kind: 'blur', sigma: 2 } }));
    const config = await resolveModelConfig({ model: path }, dir, [1, 3, 8, 8]);
    const x0 = (await makeBaseline({ kind: 'blur', sigma: 2 }, { data: x, dims: [1, 3, 8, 8] }, config.input)).tensor.data;
    const expected = g.relevance.data.map((v, i) => v * (x[i] - x0[i]));
    assert.ok(relativeMaxError(d.relevance.data, expected) < 1e-5);
    assert.ok(Math.abs(d.completenessError!) < 1e-5);
  });
});

describe('DeepLIFT pairs and options', () => {
  const mnist = (params: MethodParams) => ({
    model: { path: fixture('models', 'mnist_cntk_winml.onnx') },
    image: { path: fixture('images', 'mnist_wonnx_5_28.png') },
    method: 'deeplift' as const,
    params,
  });

  it('keeps the input and its reference in one run whatever the chunk size', async () => {
    const [a, b] = [await engine.explain(mnist({ chunk: 1 })), await engine.explain(mnist({ chunk: 3 }))];
    assert.ok(relativeMaxError(a.relevance.data, b.relevance.data) < 1e-6);
    assert.ok(Math.abs(a.completenessError!) < 1e-4 * Math.abs(a.score - a.baselineScore!));
  });

  it('refuses unknown rule names', async () => {
    await assert.rejects(engine.explain(mnist({ deeplift: 'nope' as never })), /rescale or revealcancel/);
    await assert.rejects(engine.explain(mnist({ deepliftMaxPool: 'nope' as never })), /delta or gradient/);
  });

  it('takes --rule rescale|revealcancel on the command line', () => {
    const cli = (rule: string) => parseCli(['img.png', '--model', 'm.onnx', '--method', 'deeplift', '--rule', rule]);
    const r = cli('revealcancel');
    assert.ok(r !== 'help' && 'request' in r && r.request.params?.deeplift === 'revealcancel' && r.request.params.rule === undefined);
    assert.throws(() => cli('epsilon'), /rescale, revealcancel/);
    const l = parseCli(['img.png', '--model', 'm.onnx', '--method', 'lrp', '--rule', 'epsilon']);
    assert.ok(l !== 'help' && 'request' in l && l.request.params?.rule === 'epsilon');
  });
});
