import { test } from 'node:test';
import { check } from '../../helpers/gradcheck';

test('Erf', () => check({ inputDims: [1, 3, 4, 4], input: { kind: 'normal', scale: 1.5 }, build: (g, x) => g.node('Erf', [x]) }));

test('GELU as torch exports it: x/2 (1 + erf(x / sqrt 2))', () =>
  check({
    inputDims: [1, 2, 3, 3],
    input: { kind: 'normal', scale: 2 },
    build: (g, x) => {
      const e = g.node('Erf', [g.node('Div', [x, g.floats([Math.SQRT2], [])])]);
      return g.node('Mul', [g.node('Mul', [x, g.node('Add', [e, g.floats([1], [])])]), g.floats([0.5], [])]);
    },
  }));
