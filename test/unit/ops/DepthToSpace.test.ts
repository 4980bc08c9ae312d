import { test } from 'node:test';
import { A, check } from '../../helpers/gradcheck';

for (const mode of ['DCR', 'CRD']) {
  test(`DepthToSpace blocksize 2, mode ${mode}`, () =>
    check({ inputDims: [1, 8, 2, 3], build: (g, x) => g.node('Mul', [g.node('DepthToSpace', [x], { blocksize: A.int(2), mode: A.str(mode) }), g.randn([2, 4, 6])]) }));
}

test('DepthToSpace blocksize 3, CRD, after a convolution', () =>
  check({
    inputDims: [1, 2, 2, 2],
    build: (g, x) => {
      const y = g.node('Conv', [x, g.randn([9, 2, 1, 1])], { kernel_shape: A.ints([1, 1]) });
      return g.node('Mul', [g.node('DepthToSpace', [y], { blocksize: A.int(3), mode: A.str('CRD') }), g.randn([1, 6, 6])]);
    },
  }));
