import { test } from 'node:test';
import { check } from '../../helpers/gradcheck';

test('Tanh', () => check({ inputDims: [1, 3, 4, 4], input: { kind: 'normal', scale: 1.5 }, build: (g, x) => g.node('Tanh', [x]) }));
