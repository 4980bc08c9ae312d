import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExplainError } from '../../../src/errors';
import { A, check, compileSpec } from '../../helpers/gradcheck';

const einsum = (equation: string) => ({ equation: A.str(equation) });

// Both operands from the image (attention's scores): a Tanh on one side so the two factors differ.
test('Einsum "bhid,bhjd->bhij" of two image-dependent tensors (attention scores, QK^T)', () =>
  check({ inputDims: [1, 2, 3, 4], build: (g, x) => g.node('Tanh', [g.node('Einsum', [x, g.node('Tanh', [g.node('Mul', [x, g.randn([2, 3, 4])])])], einsum('bhid,bhjd->bhij'))]) }));

test('Einsum "bhij,bhjd->bhid" (attention weights times values), the weights constant', () =>
  check({ inputDims: [1, 2, 3, 4], build: (g, x) => g.node('Einsum', [g.randn([1, 2, 5, 3]), x], einsum('bhij,bhjd->bhid')) }));

test('Einsum "bij,bjk->bik" with a weight on the right', () =>
  check({ inputDims: [1, 3, 4], build: (g, x) => g.node('Tanh', [g.node('Einsum', [x, g.randn([1, 4, 5])], einsum('bij,bjk->bik'))]) }));

test('Einsum "bij,bkj->bki": the weight transposed and the output too, spaces in the equation', () =>
  check({ inputDims: [1, 3, 4], build: (g, x) => g.node('Tanh', [g.node('Einsum', [x, g.randn([1, 5, 4])], einsum('bij, bkj -> bki'))]) }));

test('Einsum "bnc,dc->bnd" (a linear layer on tokens), implicit output "bij,jk" sorted', async () => {
  await check({ inputDims: [1, 3, 4], build: (g, x) => g.node('Tanh', [g.node('Einsum', [x, g.randn([6, 4])], einsum('bnc,dc->bnd'))]) });
  await check({ inputDims: [1, 3, 4], build: (g, x) => g.node('Tanh', [g.node('Einsum', [x, g.randn([4, 2])], einsum('bij,jk'))]) });
});

test('Einsum with one operand, ellipsis, a diagonal or a letter summed alone is refused, naming the equation', async () => {
  const refused = async (equation: string, inputs: (g: import('../../helpers/gradcheck').TestGraph, x: string) => string[], why: RegExp) =>
    assert.rejects(
      compileSpec({ inputDims: [1, 3, 3], build: (g, x) => g.node('Einsum', inputs(g, x), einsum(equation)) }),
      (e: unknown) => e instanceof ExplainError && e.code === 'UNSUPPORTED_OP' && e.message.includes(`"${equation}"`) && why.test(e.message),
    );
  await refused('bij->bji', (_g, x) => [x], /1 operand/);
  await refused('...ij,jk->...ik', (g, x) => [x, g.randn([3, 2])], /ellipsis/);
  await refused('bii,ij->bj', (g, x) => [x, g.randn([3, 3])], /a letter twice/);
  await refused('bij,jk->bk', (g, x) => [x, g.randn([3, 2])], /summed over by itself/);
  await refused('bij,bij->ij', (_g, x) => [x, x], /sums over the batch axis/);
});
