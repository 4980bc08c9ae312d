import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExplainError } from '../../../src/errors';
import { A, check, compileSpec } from '../../helpers/gradcheck';

test('Cast float to float passes the signal', () =>
  check({ inputDims: [1, 3, 4, 4], build: (g, x) => g.node('Tanh', [g.node('Cast', [x], { to: A.int(1) })]) }));

test('Cast to int64 on the path is refused, naming the node and the type', async () => {
  await assert.rejects(
    compileSpec({
      inputDims: [1, 2, 3, 3],
      build: (g, x) => g.node('Mul', [g.node('Cast', [g.node('Cast', [x], { to: A.int(7) })], { to: A.int(1) }), g.floats([2], [])]),
    }),
    (e: unknown) => e instanceof ExplainError && e.code === 'UNSUPPORTED_OP' && /Cast Cast_0/.test(e.message) && /type 7/.test(e.message),
  );
});
