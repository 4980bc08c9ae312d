import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { decodeNpy, type NpyArray } from '../../src/io/npy';

/** Every array of a NumPy .npz archive (a zip of .npy files), keyed by name without the .npy suffix. */
export function readNpz(path: string): Map<string, NpyArray> {
  const members = unzipSync(readFileSync(path));
  const arrays = new Map<string, NpyArray>();
  for (const [name, bytes] of Object.entries(members)) {
    arrays.set(name.replace(/\.npy$/, ''), decodeNpy(bytes));
  }
  return arrays;
}
