/**
 * einsumAsMatMul: a two-operand Einsum that is a batched matrix product becomes Transpose -> MatMul ->
 * Transpose computing the same numbers (checked in onnxruntime against the Einsum itself); other equations stay.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { einsumAsMatMul } from '../../../src/canonicalize/einsumAsMatMul';
import { A } from '../../../src/compile/builder';
import { encodeModel } from '../../../src/onnx/encode';
import { cloneGraph } from '../../../src/onnx/ir';
import { graph, node, randomTensor } from '../../helpers/ir';
import { seededInput } from '../../helpers/models';
import { assertScoresUnchanged } from '../../helpers/scoresUnchanged';

// x [1, 2, 3, 4] against a second operand made from it (both image-dependent) or a weight.
const cases: [string, number[] | 'x', number[]][] = [
  ['bhid,bhjd->bhij', 'x', [1, 2, 3, 3]],
  ['bhij,bhjd->bhid', [1, 2, 4, 5], [1, 2, 3, 5]],
  ['bhid,de->bhie', [4, 6], [1, 2, 3, 6]],
  ['bhid,bhjd->bhji', 'x', [1, 2, 3, 3]],
  ['bhid,hed->bhie', [2, 5, 4], [1, 2, 3, 5]],
  ['bhid, bhjd -> bhij', 'x', [1, 2, 3, 3]],
];

for (const [equation, second, outDims] of cases) {
  test(`einsumAsMatMul: "${equation}" as MatMul computes what the Einsum computes`, async (t) => {
    const other = second === 'x' ? 'x2' : 'w';
    const g = graph({
      opset: 17,
      input: ['x', [1, 2, 3, 4]],
      output: 'y',
      nodes: [
        ...(second === 'x' ? [node('Tanh', ['x'], ['x2'])] : []),
        node('Einsum', ['x', other], ['e'], { equation: A.str(equation) }),
        node('Reshape', ['e', 'flat'], ['y']),
      ],
      inits: { ...(second === 'x' ? {} : { w: randomTensor(second, 71) }), flat: { type: 'int64', dims: [2], data: BigInt64Array.from([1n, BigInt(outDims.reduce((p, q) => p * q, 1))]) } },
    });
    const rewritten = cloneGraph(g);
    assert.equal(einsumAsMatMul(rewritten), 'Rewrote 1 Einsum(s) as MatMul with Transposes.');
    assert.ok(!rewritten.nodes.some((n) => n.opType === 'Einsum'));
    await assertScoresUnchanged(t, rewritten, encodeModel(g), seededInput(24, 72, -2, 2), [1, 2, 3, 4], { label: equation });
  });
}

test('einsumAsMatMul: equations that are no matrix product stay Einsums', () => {
  // "bhid,bhjd" (implicit output "ij") sums b, h and d: three contracted letters.
  for (const equation of ['bhid,bhid->bh', 'bhid,bhjd->bhijd', 'bhid->bhdi', 'bi,bj->bij', 'bhid,bhjd']) {
    const g = graph({ opset: 17, input: ['x', [1, 2, 3, 4]], output: 'y', nodes: [node('Einsum', equation.includes(',') ? ['x', 'x'] : ['x'], ['y'], { equation: A.str(equation) })] });
    assert.equal(einsumAsMatMul(g), undefined, equation);
    assert.equal(g.nodes[0].opType, 'Einsum');
  }
});
