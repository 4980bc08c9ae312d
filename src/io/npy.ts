/**
 * NumPy .npy files (https://numpy.org/devdocs/reference/generated/numpy.lib.format.html), so relevance maps
 * can be exchanged with Python and compared with reference arrays. Everything is converted to float32.
 */
import { ExplainError } from '../errors';

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // "\x93NUMPY"
const HEADER_ALIGNMENT = 64;

export interface NpyArray {
  data: Float32Array;
  shape: number[];
}

/** Writes a version 1.0 file: little-endian float32, C order. */
export function encodeNpy(data: Float32Array, shape: number[]): Buffer {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) {
    throw new ExplainError('BAD_ARGUMENT', `Shape [${shape.join(', ')}] holds ${count} values but ${data.length} were given.`);
  }
  // A 1-tuple needs its trailing comma in Python syntax: (5,)
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const preambleLength = MAGIC.length + 2 + 2; // magic, version, uint16 header length
  // The spec pads with spaces and ends with '\n' so that the data starts on a 64-byte boundary.
  const unpadded = preambleLength + dict.length + 1;
  const padding = (HEADER_ALIGNMENT - (unpadded % HEADER_ALIGNMENT)) % HEADER_ALIGNMENT;
  const header = dict + ' '.repeat(padding) + '\n';

  const out = Buffer.alloc(preambleLength + header.length + data.length * 4);
  MAGIC.copy(out, 0);
  out[6] = 1;
  out[7] = 0;
  out.writeUInt16LE(header.length, 8);
  out.write(header, preambleLength, 'latin1');
  const body = new DataView(out.buffer, out.byteOffset + preambleLength + header.length, data.length * 4);
  for (let i = 0; i < data.length; i++) body.setFloat32(i * 4, data[i], true);
  return out;
}

/** Reads float, integer and boolean arrays (versions 1-3, C order) into float32. */
export function decodeNpy(bytes: Uint8Array): NpyArray {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 10 || !buf.subarray(0, 6).equals(MAGIC)) {
    throw new ExplainError('BAD_ARGUMENT', 'Not a NumPy .npy file (the magic string "\\x93NUMPY" is missing).');
  }
  const major = buf[6];
  if (major < 1 || major > 3) throw new ExplainError('BAD_ARGUMENT', `Unsupported .npy format version ${major}.`);
  // Version 1 stores the header length in 2 bytes; versions 2 and 3 need 4 for very large headers.
  const lengthBytes = major === 1 ? 2 : 4;
  const headerLength = lengthBytes === 2 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const dataStart = 8 + lengthBytes + headerLength;
  const header = parseHeader(buf.toString(major === 3 ? 'utf8' : 'latin1', 8 + lengthBytes, dataStart));

  const count = header.shape.reduce((a, b) => a * b, 1);
  const reader = READERS[header.descr];
  if (!reader) {
    throw new ExplainError(
      'BAD_ARGUMENT',
      `Unsupported .npy dtype '${header.descr}' (supported: ${Object.keys(READERS).join(', ')}).`,
    );
  }
  const byteLength = count * reader.itemSize;
  if (buf.length < dataStart + byteLength) {
    throw new ExplainError('BAD_ARGUMENT', `The .npy data is truncated: ${byteLength} bytes expected after the header.`);
  }
  const view = new DataView(buf.buffer, buf.byteOffset + dataStart, byteLength);
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = reader.read(view, i * reader.itemSize);
  return { data, shape: header.shape };
}

// DataView reads copy the values out, so the data may start at any offset (npz members often are unaligned).
const READERS: Record<string, { itemSize: number; read: (v: DataView, offset: number) => number }> = {
  '<f4': { itemSize: 4, read: (v, o) => v.getFloat32(o, true) },
  '<f8': { itemSize: 8, read: (v, o) => v.getFloat64(o, true) },
  '<i4': { itemSize: 4, read: (v, o) => v.getInt32(o, true) },
  '<i8': { itemSize: 8, read: (v, o) => Number(v.getBigInt64(o, true)) },
  '|u1': { itemSize: 1, read: (v, o) => v.getUint8(o) },
  '|b1': { itemSize: 1, read: (v, o) => (v.getUint8(o) !== 0 ? 1 : 0) },
};

function parseHeader(text: string): { descr: string; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new ExplainError('BAD_ARGUMENT', `Malformed .npy header: ${text.trim()}`);
  }
  if (fortran === 'True') {
    throw new ExplainError('BAD_ARGUMENT', 'Fortran-order .npy arrays are not supported; save with C order (np.ascontiguousarray).');
  }
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ExplainError('BAD_ARGUMENT', `Malformed .npy shape: (${shapeText})`);
  }
  return { descr, shape };
}
