import { test } from 'node:test';
import { check } from '../../helpers/gradcheck';

// Round's straight-through backward is the identity: the mean slope of a fine staircase, round(1000 x) / 1000,
// which finite differences over many of its steps (2 eps = 0.1, 100 steps) measure to 1% (one step's error).
test('Round (straight-through)', () =>
  check({
    inputDims: [1, 2, 3, 3],
    input: { kind: 'normal', scale: 1.5 },
    eps: 0.05,
    tol: 2e-2,
    build: (g, x) => g.node('Mul', [g.node('Div', [g.node('Round', [g.node('Mul', [x, g.floats([1000], [])])]), g.floats([1000], [])]), g.randn([1, 2, 3, 3])]),
  }));
