import { test } from 'node:test';
import { check } from '../../helpers/gradcheck';

test('Softplus', () => check({ inputDims: [1, 3, 4, 4], input: { kind: 'normal', scale: 3 }, build: (g, x) => g.node('Softplus', [x]) }));
