import { test } from 'node:test';
import { A, check } from '../../helpers/gradcheck';

// A constant operand has batch 1 and Concat does not broadcast: this graph only runs at batch 1.
test('Concat axis 1 of three inputs, one of them constant', () =>
  check({
    inputDims: [1, 2, 3, 3],
    batched: false,
    build: (g, x) => g.node('Concat', [x, g.randn([1, 3, 3, 3]), g.node('Mul', [x, g.randn([2, 3, 3])])], { axis: A.int(1) }),
  }));

test('Concat axis 1 of three inputs from the input, of different widths', () =>
  check({
    inputDims: [1, 2, 3, 3],
    build: (g, x) => {
      const wide = g.node('Conv', [x, g.randn([3, 2, 1, 1])], { kernel_shape: A.ints([1, 1]) });
      return g.node('Concat', [g.node('Mul', [x, g.randn([2, 1, 1])]), wide, x], { axis: A.int(1) });
    },
  }));

test('Concat along a spatial axis (negative axis)', () =>
  check({
    inputDims: [1, 2, 3, 3],
    build: (g, x) => g.node('Concat', [x, g.node('Mul', [x, g.randn([2, 3, 3])])], { axis: A.int(-1) }),
  }));

test('Concat axis 1 of 2-D tensors', () =>
  check({ inputDims: [1, 5], build: (g, x) => g.node('Concat', [g.node('Mul', [x, g.randn([5])]), x], { axis: A.int(1) }) }));
