import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExplainError } from '../../../src/errors';
import { A, check, compileSpec } from '../../helpers/gradcheck';

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

test('Transpose moving axis 0 is rejected with UNSUPPORTED_OP', async () => {
  await assert.rejects(
    compileSpec({ inputDims: [1, 2, 3], build: (g, x) => g.node('Transpose', [x], { perm: A.ints([1, 0, 2]) }) }),
    (e: unknown) => {
      assert.ok(e instanceof ExplainError);
      assert.equal(e.code, 'UNSUPPORTED_OP');
      assert.match(e.message, /Transpose/);
      return true;
    },
  );
});

test('Transpose without perm (reverses every axis, axis 0 included) is rejected', async () => {
  await assert.rejects(
    compileSpec({ inputDims: [1, 2, 3], build: (g, x) => g.node('Transpose', [x]) }),
    (e: unknown) => e instanceof ExplainError && e.code === 'UNSUPPORTED_OP',
  );
});
