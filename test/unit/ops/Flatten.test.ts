import { test } from 'node:test';
import { A, check } from '../../helpers/gradcheck';

// Each case scales by a constant after the reshape, so a wrong element order would show.
test('Flatten (axis 1)', () =>
  check({ inputDims: [1, 2, 3, 4], build: (g, x) => g.node('Mul', [g.node('Flatten', [x]), g.randn([24])]) }));

// Axis 2 folds the batch into the rows ([N, 2, 3, 4] -> [2N, 12]): checked at batch 1 only.
test('Flatten axis 2', () =>
  check({ inputDims: [1, 2, 3, 4], batched: false, build: (g, x) => g.node('Mul', [g.node('Flatten', [x], { axis: A.int(2) }), g.randn([12])]) }));
