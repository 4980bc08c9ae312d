import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type TestGraph, check, compileSpec } from '../../helpers/gradcheck';

/** torch's "to the end": INT64_MAX, exact (a double rounds it to 2^63, past int64). */
const END = 'INT64_MAX';
type Bound = number | typeof END;
const int64 = (g: TestGraph, values: Bound[]) =>
  g.constant({ type: 'int64', dims: [values.length], data: BigInt64Array.from(values, (v) => (v === END ? 2n ** 63n - 1n : BigInt(v))) }, 'i');

// A weight after the slice gives every kept element its own slope, so a signal put back at the wrong place fails.
function slice(inputDims: number[], starts: number[], ends: Bound[], axes?: number[], steps?: number[], batched = true) {
  return check({
    inputDims,
    batched,
    build: (g, x) => {
      const inputs = [x, g.int64s(starts), int64(g, ends), ...(axes ? [g.int64s(axes)] : steps ? [''] : []), ...(steps ? [g.int64s(steps)] : [])];
      return g.node('Mul', [g.node('Slice', inputs), g.randn([1])]);
    },
  });
}

test("Slice: ShuffleNet's channel split, first half", () => slice([1, 6, 3, 3], [0], [3], [1]));
test('Slice: second half to the end (INT64_MAX)', () => slice([1, 6, 3, 3], [3], [END], [1]));
test('Slice: negative start and end (x[..., -3:-1])', () => slice([1, 2, 4, 5], [-3], [-1], [-1]));
test('Slice: two axes at once, axes omitted is 0..k-1 (batch kept whole)', () => slice([1, 4, 5], [0, 1, 2], [END, 3, 5]));
test("Slice: Swin's patch merging x[:, 1::2, 0::2, :] (step 2, channels last)", () => slice([1, 6, 6, 3], [1, 0], [END, END], [1, 2], [2, 2]));
test('Slice: step 3 whose last stride runs past the axis (cropped)', () => slice([1, 2, 8], [1], [8], [2], [3]));
test('Slice: step -1 reverses an axis', () => slice([1, 3, 5], [-1], [-1000], [2], [-1]));
test('Slice: step -2 from the middle, ends before the start', () => slice([1, 2, 9], [6], [0], [-1], [-2]));
test('Slice: starts and ends beyond the axis are clamped', () => slice([1, 3, 4], [-100, 1], [100, 100], [1, 2]));
test('Slice: steps given without axes', () => slice([1, 4, 4], [0, 0, 1], [END, END, END], undefined, [1, 2, 2]));

test("Slice: torch.roll as Slice + Concat (Swin's shifted windows)", () =>
  check({
    inputDims: [1, 5, 4, 2],
    build: (g, x) => {
      const tail = g.node('Slice', [x, g.int64s([-2]), int64(g, [END]), g.int64s([1])]);
      const head = g.node('Slice', [x, g.int64s([0]), g.int64s([-2]), g.int64s([1])]);
      return g.node('Mul', [g.node('Concat', [tail, head], { axis: { type: 'int', value: 1 } }), g.randn([5, 4, 2])]);
    },
  }));

test('Slice: a cut of the batch axis is refused', async () => {
  await assert.rejects(
    compileSpec({ inputDims: [1, 3], build: (g, x) => g.node('Slice', [x, g.int64s([0]), g.int64s([1]), g.int64s([0])]) }),
    /Slice .* cuts the batch axis/,
  );
});
