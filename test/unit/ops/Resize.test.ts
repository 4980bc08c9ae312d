import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExplainError } from '../../../src/errors';
import { A, type TestGraph, check, compileSpec } from '../../helpers/gradcheck';
import { COORDINATE_MODES, NEAREST_MODES } from '../../../src/ops/shared/resizeMatrix';

// A weight after the resize gives every output element its own slope, so a signal sent to the wrong source fails.
// 5x6 maps to non-integer scales: rounding and the borders show.
const after = (g: TestGraph, y: string, dims: number[]) => g.node('Mul', [y, g.randn(dims)]);
const withScales = (scales: number[], attrs: Record<string, ReturnType<typeof A.str>>, out: number[]) => ({
  inputDims: [1, 2, 5, 6],
  build: (g: TestGraph, x: string) => after(g, g.node('Resize', [x, '', g.floats(scales), ''], attrs), out),
});

for (const coordinates of COORDINATE_MODES) {
  for (const nearest of NEAREST_MODES) {
    test(`Resize nearest, ${coordinates}, ${nearest}: scales x1.6, x2.5`, () =>
      check(withScales([1, 1, 1.6, 2.5], { mode: A.str('nearest'), coordinate_transformation_mode: A.str(coordinates), nearest_mode: A.str(nearest) }, [2, 8, 15])));
  }
  test(`Resize linear, ${coordinates}: scales x1.6, x2.5`, () =>
    check(withScales([1, 1, 1.6, 2.5], { mode: A.str('linear'), coordinate_transformation_mode: A.str(coordinates) }, [2, 8, 15])));
  test(`Resize linear, ${coordinates}: shrinking by 0.6, 0.5`, () =>
    check(withScales([1, 1, 0.6, 0.5], { mode: A.str('linear'), coordinate_transformation_mode: A.str(coordinates) }, [2, 3, 3])));
}

test("Resize nearest x2 as torch's F.interpolate exports it (asymmetric, floor), default attributes otherwise", () =>
  check(withScales([1, 1, 2, 2], { mode: A.str('nearest'), coordinate_transformation_mode: A.str('asymmetric'), nearest_mode: A.str('floor') }, [2, 10, 12])));

test('Resize with default attributes (nearest, half_pixel, round_prefer_floor)', () => check(withScales([1, 1, 2, 3], {}, [2, 10, 18])));

test("Resize linear with sizes (torch's bilinear to a size, pytorch_half_pixel), H only", () =>
  check({
    inputDims: [1, 2, 5, 6],
    // Sizes name the batch: 1.
    batched: false,
    build: (g, x) => after(g, g.node('Resize', [x, '', '', g.int64s([1, 2, 9, 6])], { mode: A.str('linear'), coordinate_transformation_mode: A.str('pytorch_half_pixel') }), [2, 9, 6]),
  }));

test('Resize nearest with sizes to 1 x 7 (a single row: pytorch_half_pixel samples 0)', () =>
  check({
    inputDims: [1, 2, 5, 6],
    batched: false,
    build: (g, x) => after(g, g.node('Resize', [x, '', '', g.int64s([1, 2, 1, 7])], { coordinate_transformation_mode: A.str('pytorch_half_pixel') }), [2, 1, 7]),
  }));

test('Resize linear on a 3-D [N, C, L] signal', () =>
  check({ inputDims: [1, 3, 7], build: (g, x) => after(g, g.node('Resize', [x, '', g.floats([1, 1, 2.2])], { mode: A.str('linear') }), [3, 15]) }));

test('Upsample at opset 9 (raised to Resize, asymmetric nearest) against onnxruntime running it at 9', () =>
  check({ opset: 9, raise: true, inputDims: [1, 2, 5, 6], build: (g, x) => after(g, g.node('Upsample', [x, g.floats([1, 1, 2, 3])]), [2, 10, 18]) }));

test('Resize-10 linear (raised to asymmetric linear) against onnxruntime running it at 10', () =>
  check({ opset: 10, raise: true, inputDims: [1, 2, 5, 6], build: (g, x) => after(g, g.node('Resize', [x, g.floats([1, 1, 1.5, 2.5])], { mode: A.str('linear') }), [2, 7, 15]) }));

const refused = (attrs: Record<string, ReturnType<typeof A.str>>, message: RegExp, scales = [1, 1, 2, 2]) =>
  assert.rejects(
    compileSpec({ inputDims: [1, 2, 4, 4], build: (g, x) => g.node('Resize', [x, '', g.floats(scales)], attrs) }),
    (e: unknown) => e instanceof ExplainError && e.code === 'UNSUPPORTED_OP' && message.test(e.message),
  );

test('Resize cubic, tf_crop_and_resize and a resized channel axis are refused by name', async () => {
  await refused({ mode: A.str('cubic') }, /Resize .* has mode "cubic"/);
  await refused({ coordinate_transformation_mode: A.str('tf_crop_and_resize') }, /coordinate_transformation_mode "tf_crop_and_resize"/);
  await refused({}, /resizes axis 1/, [1, 2, 2, 2]);
});
