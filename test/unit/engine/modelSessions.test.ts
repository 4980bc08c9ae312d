/**
 * A model's weights are held once: after the first input size is canonicalized, the loaded graph keeps its
 * structure and small constants only, and another size reads the file again (refusing a file that changed).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SCORES } from '../../../src/compile/compile';
import { ModelSessions } from '../../../src/engine/modelSessions';
import { ExplainError } from '../../../src/errors';
import { encodeModel } from '../../../src/onnx/encode';
import { type IRGraph, floatTensor } from '../../../src/onnx/ir';
import { MNIST, modelBytes } from '../../helpers/models';

/** Conv 3x3 (32 -> 64 channels: 18432 weights) + BatchNormalization + ReLU + global pool + Gemm, any image size. */
function anySizeModel(): Uint8Array {
  const values = (n: number, scale: number) => Float32Array.from({ length: n }, (_, i) => scale * Math.sin(i * 1.7 + 0.3));
  const ints = (v: number[]) => ({ type: 'ints' as const, value: v });
  const g: IRGraph = {
    name: 'any_size',
    opset: 13,
    inputs: [{ name: 'x', type: 'float32', dims: ['N', 32, 'H', 'W'] }],
    outputs: [{ name: 'y', type: 'float32', dims: ['N', 10] }],
    inits: new Map([
      ['w', floatTensor(values(64 * 32 * 9, 0.1), [64, 32, 3, 3])],
      ['gamma', floatTensor(values(64, 0.5).map((v) => 1 + v), [64])],
      ['beta', floatTensor(values(64, 0.2), [64])],
      ['mean', floatTensor(values(64, 0.1), [64])],
      ['var', floatTensor(values(64, 0.3).map((v) => 1 + Math.abs(v)), [64])],
      ['fc', floatTensor(values(10 * 64, 0.2), [10, 64])],
    ]),
    nodes: [
      { name: 'conv', opType: 'Conv', domain: '', inputs: ['x', 'w'], outputs: ['c'], attrs: { kernel_shape: ints([3, 3]), pads: ints([1, 1, 1, 1]) } },
      { name: 'bn', opType: 'BatchNormalization', domain: '', inputs: ['c', 'gamma', 'beta', 'mean', 'var'], outputs: ['b'], attrs: {} },
      { name: 'relu', opType: 'Relu', domain: '', inputs: ['b'], outputs: ['r'], attrs: {} },
      { name: 'pool', opType: 'GlobalAveragePool', domain: '', inputs: ['r'], outputs: ['p'], attrs: {} },
      { name: 'flat', opType: 'Flatten', domain: '', inputs: ['p'], outputs: ['f'], attrs: {} },
      { name: 'gemm', opType: 'Gemm', domain: '', inputs: ['f', 'fc'], outputs: ['y'], attrs: { transB: { type: 'int', value: 1 } } },
    ],
  };
  return encodeModel(g);
}

const largest = (s: ModelSessions) => Math.max(...[...s.loaded.graph.inits.values()].map((t) => t.data.length));

async function scoresOf(s: ModelSessions, side: number): Promise<Float32Array> {
  const sizes = await s.forSize([1, 32, side, side]);
  const x = { data: new Float32Array(32 * side * side).fill(0.5), dims: [1, 32, side, side] };
  return (await sizes.forward.run({ [sizes.canonical.graph.inputs[0].name]: x }))[SCORES].data as Float32Array;
}

describe('ModelSessions', () => {
  it('lets the loaded graph\'s large weights go once the canonical graph holds them; another size reads the file again', async () => {
    const bytes = anySizeModel();
    let reads = 0;
    const s = await ModelSessions.load(bytes, 'any_size.onnx', async () => (reads++, bytes));
    assert.equal(largest(s), 64 * 32 * 9);
    const first = await scoresOf(s, 8);
    assert.ok(largest(s) < 16384, `a ${largest(s)}-value initializer is still held`);
    for (const p of ['gamma', 'beta', 'mean', 'var']) assert.ok(s.loaded.graph.inits.has(p), `BatchNormalization keeps ${p}`);
    assert.equal(reads, 0);
    const other = await scoresOf(s, 12);
    assert.equal(reads, 1, 'the second size read the file');
    // What the model loaded anew at that size computes, and not the first size's scores.
    const fresh = await ModelSessions.load(bytes, 'any_size.onnx', async () => bytes);
    assert.deepEqual(other, await scoresOf(fresh, 12));
    assert.ok(other.some((v, i) => v !== first[i]));
    await fresh.release();
    // The same size again is the cached session: no read.
    await scoresOf(s, 12);
    assert.equal(reads, 1);
    await s.release();
  });

  it('refuses to canonicalize another size from a file that changed since it was loaded', async () => {
    const s = await ModelSessions.load(anySizeModel(), 'any_size.onnx', async () => modelBytes(MNIST));
    await scoresOf(s, 8);
    await assert.rejects(scoresOf(s, 12), (e: unknown) => e instanceof ExplainError && e.code === 'MODEL_NOT_FOUND' && /changed while in use/.test(e.message));
    await s.release();
  });
});
