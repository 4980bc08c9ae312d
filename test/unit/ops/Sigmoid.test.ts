import { test } from 'node:test';
import { check } from '../../helpers/gradcheck';

test('Sigmoid', () => check({ inputDims: [1, 3, 4, 4], input: { kind: 'normal', scale: 2 }, build: (g, x) => g.node('Sigmoid', [x]) }));
