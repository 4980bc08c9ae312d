import { test } from 'node:test';
import { A, check } from '../../helpers/gradcheck';

/** The names of a TestGraph node's outputs: `first` is the first, the others follow its pattern. */
const outputsOf = (first: string, count: number) => Array.from({ length: count }, (_, i) => first.replace(/_out0$/, `_out${i}`));

test("Split: ShuffleNet's channel split, both halves used (split as an input, opset 13+)", () =>
  check({
    inputDims: [1, 6, 2, 2],
    build: (g, x) => {
      const [a, b] = outputsOf(g.node('Split', [x, g.int64s([2, 4])], { axis: A.int(1) }, 2), 2);
      return g.node('Concat', [g.node('Mul', [b, g.randn([4, 2, 2])]), g.node('Mul', [a, g.randn([2, 2, 2])])], { axis: A.int(1) });
    },
  }));

test('Split: three even pieces (no split input), the first one off the path', () =>
  check({
    inputDims: [1, 2, 6],
    build: (g, x) => {
      const [, b, c] = outputsOf(g.node('Split', [x], { axis: A.int(-1) }, 3), 3);
      return g.node('Add', [g.node('Mul', [b, g.randn([2, 2])]), g.node('Mul', [c, c])]);
    },
  }));

test('Split: only the last piece used (chunk)', () =>
  check({
    inputDims: [1, 5, 3],
    build: (g, x) => {
      const pieces = outputsOf(g.node('Split', [x, g.int64s([1, 3, 1])], { axis: A.int(1) }, 3), 3);
      return g.node('Mul', [pieces[1], g.randn([3, 3])]);
    },
  }));

test('Split: num_outputs (opset 18), an uneven last piece', () =>
  check({
    inputDims: [1, 7, 2],
    opset: 18,
    build: (g, x) => {
      const [a, b, c] = outputsOf(g.node('Split', [x], { axis: A.int(1), num_outputs: A.int(3) }, 3), 3);
      return g.node('Concat', [g.node('Mul', [a, g.randn([3, 2])]), c, g.node('Mul', [b, b])], { axis: A.int(1) });
    },
  }));
