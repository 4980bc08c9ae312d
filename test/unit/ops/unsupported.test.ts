import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExplainError } from '../../../src/errors';
import { SUPPORTED_OPS } from '../../../src/ops';
import { A, check, compileSpec } from '../../helpers/gradcheck';

for (const op of ['Sin', 'Atan']) {
  test(`${op} on the path makes compile throw UNSUPPORTED_OP naming the op, the node and the supported ops`, async () => {
    let nodeName = '';
    await assert.rejects(
      compileSpec({
        inputDims: [1, 2, 3, 3],
        build: (g, x) => {
          const y = g.node('Conv', [x, g.randn([2, 2, 1, 1])], { kernel_shape: A.ints([1, 1]) });
          const z = g.node(op, [y]);
          nodeName = g.nodes[g.nodes.length - 1].name;
          return g.node('Relu', [z]);
        },
      }),
      (e: unknown) => {
        assert.ok(e instanceof ExplainError, `an ExplainError, not ${String(e)}`);
        assert.equal(e.code, 'UNSUPPORTED_OP');
        assert.match(e.message, new RegExp(`\\b${op}\\b`));
        assert.ok(e.message.includes(`"${nodeName}"`), `node name ${nodeName} in: ${e.message}`);
        for (const s of SUPPORTED_OPS) assert.ok(e.message.includes(s), `${s} listed in: ${e.message}`);
        return true;
      },
    );
  });
}

test('an unsupported op off the path (on a constant) is fine', () =>
  check({ inputDims: [1, 2, 3, 3], build: (g, x) => g.node('Mul', [x, g.node('Sin', [g.randn([2, 3, 3])])]) }));
