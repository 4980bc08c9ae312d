import { test } from 'node:test';
import { A, check } from '../../helpers/gradcheck';

// A [1, K] image row times a constant B: the usual classifier head.
test('Gemm x B', () =>
  check({ inputDims: [1, 6], build: (g, x) => g.node('Gemm', [x, g.randn([6, 4])]) }));

test('Gemm x B^T (transB), alpha 0.5, with C', () =>
  check({
    inputDims: [1, 6],
    build: (g, x) => g.node('Gemm', [x, g.randn([4, 6]), g.randn([4])], { transB: A.int(1), alpha: A.float(0.5), beta: A.float(2) }),
  }));

test('Gemm x B, alpha 2, with a [1, M] C', () =>
  check({ inputDims: [1, 5], build: (g, x) => g.node('Gemm', [x, g.randn([5, 3]), g.randn([1, 3])], { alpha: A.float(2) }) }));

// transA reads the image as a matrix whose rows are not the batch: the input is reshaped to [3, 4], so
// these graphs are not batched (see GradcheckSpec.batched).
for (const transB of [0, 1]) {
  test(`Gemm A^T (transA) from the input, transB ${transB}, alpha 1.5, with C`, () =>
    check({
      inputDims: [1, 12],
      batched: false,
      build: (g, x) => {
        const a = g.node('Reshape', [x, g.int64s([3, 4])]);
        const b = g.randn(transB ? [5, 3] : [3, 5]);
        return g.node('Gemm', [a, b, g.randn([5])], { transA: A.int(1), transB: A.int(transB), alpha: A.float(1.5) });
      },
    }));
}

// B depends on the image: the dB branch of the rule, for every transA/transB combination.
for (const transA of [0, 1]) {
  for (const transB of [0, 1]) {
    test(`Gemm with B from the input, transA ${transA}, transB ${transB}, alpha 0.5`, () =>
      check({
        inputDims: [1, 12],
        batched: false,
        build: (g, x) => {
          const a = g.randn(transA ? [3, 2] : [2, 3]);
          const b = g.node('Reshape', [x, g.int64s(transB ? [4, 3] : [3, 4])]);
          return g.node('Gemm', [a, b, g.randn([1, 4])], { transA: A.int(transA), transB: A.int(transB), alpha: A.float(0.5) });
        },
      }));
  }
}

// Both operands from the image (a quadratic form: central differences are exact).
for (const transA of [0, 1]) {
  for (const transB of [0, 1]) {
    test(`Gemm with A and B from the input, transA ${transA}, transB ${transB}`, () =>
      check({
        inputDims: [1, 12],
        batched: false,
        build: (g, x) => {
          const a = g.node('Reshape', [x, g.int64s(transA ? [4, 3] : [3, 4])]);
          const scaled = g.node('Mul', [x, g.randn([1, 12])]);
          const b = g.node('Reshape', [scaled, g.int64s(transB ? [3, 4] : [4, 3])]);
          return g.node('Gemm', [a, b], { transA: A.int(transA), transB: A.int(transB), alpha: A.float(0.7) });
        },
      }));
  }
}

// C depends on the image (torch.addmm(x, a, b) exports as Gemm with C = x): its signal is beta * G,
// summed over the axes C is broadcast along.
test('Gemm with C from the input, beta 0.5', () =>
  check({
    inputDims: [1, 6],
    build: (g, x) => g.node('Gemm', [x, g.randn([6, 6]), g.node('Mul', [x, g.randn([6])])], { beta: A.float(0.5) }),
  }));

test('Gemm with an input-derived [N, 1] C broadcast over the columns, transB, beta 2', () =>
  check({
    inputDims: [1, 6],
    build: (g, x) => g.node('Gemm', [x, g.randn([4, 6]), g.node('MatMul', [x, g.randn([6, 1])])], { transB: A.int(1), beta: A.float(2) }),
  }));
