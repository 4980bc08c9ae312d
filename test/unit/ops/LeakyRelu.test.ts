import { test } from 'node:test';
import { A, check } from '../../helpers/gradcheck';

test('LeakyRelu, default alpha', () =>
  check({ inputDims: [1, 3, 4, 4], input: { kind: 'distinct' }, build: (g, x) => g.node('LeakyRelu', [x]) }));

test('LeakyRelu, alpha 0.2', () =>
  check({ inputDims: [1, 3, 4, 4], input: { kind: 'distinct' }, build: (g, x) => g.node('LeakyRelu', [x], { alpha: A.float(0.2) }) }));

test('LeakyRelu, alpha -0.5', () =>
  check({ inputDims: [1, 2, 3, 3], input: { kind: 'distinct' }, build: (g, x) => g.node('LeakyRelu', [x], { alpha: A.float(-0.5) }) }));
