import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExplainError } from '../../src/errors';
import { decodeNpy, encodeNpy } from '../../src/io/npy';

/** A .npy file built by hand, the way NumPy lays it out, so the decoder is not only checked against our encoder. */
function handMadeNpy(descr: string, shape: string, body: Uint8Array, fortran = 'False'): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const out = Buffer.alloc(10 + header.length + body.length);
  out.set([0x93, ...Buffer.from('NUMPY'), 1, 0]);
  out.writeUInt16LE(header.length, 8);
  out.write(header, 10, 'latin1');
  out.set(body, 10 + header.length);
  return out;
}

function assertBadArgument(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => err instanceof ExplainError && err.code === 'BAD_ARGUMENT' && pattern.test(err.message));
}

test('encodeNpy writes a v1.0 header padded to 64 bytes and ending in a newline', () => {
  const bytes = encodeNpy(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const headerLength = bytes.readUInt16LE(8);
  assert.equal((10 + headerLength) % 64, 0);
  const header = bytes.toString('latin1', 10, 10 + headerLength);
  assert.match(header, /^\{'descr': '<f4', 'fortran_order': False, 'shape': \(2, 3\), \} *\n$/);
  assert.equal(bytes.length, 10 + headerLength + 24);
  assert.equal(bytes.readFloatLE(10 + headerLength + 20), 6);
});

test('encodeNpy writes a 1-tuple shape with its trailing comma', () => {
  const header = encodeNpy(new Float32Array(5), [5]).toString('latin1', 10, 74);
  assert.match(header, /'shape': \(5,\)/);
});

test('decodeNpy inverts encodeNpy', () => {
  const data = Float32Array.from({ length: 60 }, (_, i) => Math.sin(i) * 1e3);
  const decoded = decodeNpy(encodeNpy(data, [3, 4, 5]));
  assert.deepEqual(decoded.shape, [3, 4, 5]);
  assert.deepEqual(decoded.data, data);
});

test('decodeNpy reads a scalar and an empty array', () => {
  assert.deepEqual(decodeNpy(encodeNpy(new Float32Array([7]), [])), { data: new Float32Array([7]), shape: [] });
  assert.deepEqual(decodeNpy(encodeNpy(new Float32Array(0), [0, 3])).shape, [0, 3]);
});

test('decodeNpy converts float64, int32, int64, uint8 and bool to float32', () => {
  const f8 = new Float64Array([0.5, -2.25]);
  assert.deepEqual(decodeNpy(handMadeNpy('<f8', '(2,)', new Uint8Array(f8.buffer))).data, new Float32Array([0.5, -2.25]));
  const i4 = new Int32Array([-3, 70000]);
  assert.deepEqual(decodeNpy(handMadeNpy('<i4', '(2,)', new Uint8Array(i4.buffer))).data, new Float32Array([-3, 70000]));
  const i8 = new BigInt64Array([-5n, 123456789n]);
  assert.deepEqual(decodeNpy(handMadeNpy('<i8', '(1, 2)', new Uint8Array(i8.buffer))), {
    data: new Float32Array([-5, 123456789]),
    shape: [1, 2],
  });
  assert.deepEqual(decodeNpy(handMadeNpy('|u1', '(3,)', new Uint8Array([0, 128, 255]))).data, new Float32Array([0, 128, 255]));
  assert.deepEqual(decodeNpy(handMadeNpy('|b1', '(3,)', new Uint8Array([1, 0, 1]))).data, new Float32Array([1, 0, 1]));
});

test('decodeNpy reads data that does not start on an aligned offset', () => {
  const file = encodeNpy(new Float32Array([1.5, 2.5]), [2]);
  const shifted = new Uint8Array(file.length + 1);
  shifted.set(file, 1);
  assert.deepEqual(decodeNpy(shifted.subarray(1)).data, new Float32Array([1.5, 2.5]));
});

test('decodeNpy rejects Fortran order, unknown dtypes, truncation and non-npy bytes', () => {
  const body = new Uint8Array(new Float32Array([1, 2, 3, 4]).buffer);
  assertBadArgument(() => decodeNpy(handMadeNpy('<f4', '(2, 2)', body, 'True')), /Fortran/);
  assertBadArgument(() => decodeNpy(handMadeNpy('>f4', '(4,)', body)), /dtype '>f4'/);
  assertBadArgument(() => decodeNpy(handMadeNpy('<f4', '(5,)', body)), /truncated/);
  assertBadArgument(() => decodeNpy(Buffer.from('hello, world')), /magic/);
});

test('encodeNpy refuses a shape that does not match the data', () => {
  assertBadArgument(() => encodeNpy(new Float32Array(5), [2, 3]), /holds 6 values but 5/);
});
