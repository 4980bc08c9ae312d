import { test } from 'node:test';
import { check } from '../../helpers/gradcheck';

// Mish is an op from opset 18 (torch exports x * tanh(softplus(x)) below).
test('Mish (opset 18)', () => check({ opset: 18, inputDims: [1, 3, 4, 4], input: { kind: 'normal', scale: 2 }, build: (g, x) => g.node('Mish', [x]) }));

test('Mish as torch exports it before opset 18: x * tanh(softplus(x))', () =>
  check({ inputDims: [1, 3, 4, 4], input: { kind: 'normal', scale: 2 }, build: (g, x) => g.node('Mul', [x, g.node('Tanh', [g.node('Softplus', [x])])]) }));
