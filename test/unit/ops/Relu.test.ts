import { test } from 'node:test';
import { check } from '../../helpers/gradcheck';

// Distinct inputs at least 0.1 from the kink at 0: finite differences are exact.
test('Relu', () => check({ inputDims: [1, 3, 4, 4], input: { kind: 'distinct' }, build: (g, x) => g.node('Relu', [x]) }));

test('Relu on 2-D input', () => check({ inputDims: [1, 10], input: { kind: 'distinct' }, build: (g, x) => g.node('Relu', [x]) }));
