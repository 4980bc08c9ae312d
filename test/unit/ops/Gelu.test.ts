/**
 * Gelu (opset 20) is brought down to 18 as its definition in Erf or Tanh (canonicalize/lowerOpset.ts): the
 * compiled gradient of the lowered graph against finite differences of onnxruntime's own Gelu.
 */
import { test } from 'node:test';
import { A, check } from '../../helpers/gradcheck';

test('Gelu (opset 20), exact', () =>
  check({ opset: 20, raise: true, inputDims: [1, 3, 4, 4], input: { kind: 'normal', scale: 2 }, build: (g, x) => g.node('Gelu', [x]) }));

test('Gelu (opset 20), approximate tanh', () =>
  check({
    opset: 20,
    raise: true,
    inputDims: [1, 3, 4, 4],
    input: { kind: 'normal', scale: 2 },
    build: (g, x) => g.node('Gelu', [x], { approximate: A.str('tanh') }),
  }));
