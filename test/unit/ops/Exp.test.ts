import { test } from 'node:test';
import { check } from '../../helpers/gradcheck';

test('Exp', () => check({ inputDims: [1, 3, 4, 4], build: (g, x) => g.node('Exp', [x]) }));
