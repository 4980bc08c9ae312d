import { test } from 'node:test';
import { check } from '../../helpers/gradcheck';

test('GlobalAveragePool', () => check({ inputDims: [1, 3, 4, 5], build: (g, x) => g.node('GlobalAveragePool', [x]) }));

test('GlobalAveragePool 1-D', () => check({ inputDims: [1, 3, 7], build: (g, x) => g.node('GlobalAveragePool', [x]) }));
