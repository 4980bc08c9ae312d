import { test } from 'node:test';
import { A, check } from '../../helpers/gradcheck';

test('SpaceToDepth blocksize 2', () =>
  check({ inputDims: [1, 2, 4, 6], build: (g, x) => g.node('Mul', [g.node('SpaceToDepth', [x], { blocksize: A.int(2) }), g.randn([8, 2, 3])]) }));
