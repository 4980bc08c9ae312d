/** A BatchNormalization with no Conv or Gemm before it is an affine map per channel (foldBatchNorm's Mul + Add). */
import { test } from 'node:test';
import { A, check } from '../../helpers/gradcheck';

const bn = (g: Parameters<Parameters<typeof check>[0]['build']>[0], x: string, c: number) =>
  g.node('BatchNormalization', [x, g.randn([c]), g.randn([c]), g.randn([c]), g.uniform([c], 0.5, 2)], { epsilon: A.float(1e-3) });

test('BatchNormalization on the input itself', () => check({ inputDims: [1, 3, 4, 4], build: (g, x) => bn(g, x, 3) }));

test('BatchNormalization after an activation (MaxViT pre-norm MBConv)', () =>
  check({ inputDims: [1, 3, 4, 4], build: (g, x) => g.node('Tanh', [bn(g, g.node('Tanh', [x]), 3)]) }));

test('BatchNormalization of a [N, C] vector', () => check({ inputDims: [1, 5], build: (g, x) => g.node('Tanh', [bn(g, x, 5)]) }));
