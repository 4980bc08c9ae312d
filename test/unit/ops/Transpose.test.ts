import { test } from 'node:test';
import { A, check } from '../../helpers/gradcheck';

// perm [0, 2, 3, 1] and its inverse [0, 3, 1, 2] differ, so using one for the other would show.
for (const perm of [
  [0, 2, 3, 1],
  [0, 3, 1, 2],
  [0, 1, 3, 2],
]) {
  test(`Transpose perm ${perm.join(',')}`, () =>
    check({
      inputDims: [1, 2, 3, 4],
      build: (g, x) => {
        const t = g.node('Transpose', [x], { perm: A.ints(perm) });
        const shape = perm.slice(1).map((p) => [2, 3, 4][p - 1]);
        return g.node('Mul', [t, g.randn(shape)]);
      },
    }));
}

test('Transpose perm 0,2,1 of a 3-D tensor', () =>
  check({ inputDims: [1, 3, 5], build: (g, x) => g.node('Mul', [g.node('Transpose', [x], { perm: A.ints([0, 2, 1]) }), g.randn([5, 3])]) }));

// The batch leaves axis 0 and comes back (attention's [N, L, E] -> [L, N, E]): the output keeps it first.
test('Transpose moving the batch axis (perm 1,0,2) and back', () =>
  check({
    inputDims: [1, 2, 3],
    build: (g, x) => {
      const moved = g.node('Mul', [g.node('Transpose', [x], { perm: A.ints([1, 0, 2]) }), g.randn([2, 1, 3])]);
      return g.node('Transpose', [moved], { perm: A.ints([1, 0, 2]) });
    },
  }));

test('Transpose without perm (reverses every axis, the batch included) and back', () =>
  check({
    inputDims: [1, 2, 3],
    build: (g, x) => g.node('Transpose', [g.node('Mul', [g.node('Transpose', [x]), g.randn([3, 2, 1])])]),
  }));
