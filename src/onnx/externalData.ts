/**
 * Weights stored beside the model (torch.onnx and Optimum write `model.onnx.data` for models above 2 GB, and
 * whenever asked). Only files inside the model's own folder are read: a `location` that is absolute, climbs out
 * with `..` or resolves through a symlink to somewhere else is refused, the path-traversal class of onnx's
 * CVE-2024-27318 (a model file would otherwise read any file its user can). Reads are positioned (offset and
 * length per tensor), so a data file larger than a Node buffer is never read whole.
 */
import { closeSync, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ExplainError } from '../errors';

/** One tensor's `external_data` entries (ONNX TensorProto: location, offset, length, checksum). */
export interface ExternalRef {
  location: string;
  offset?: number;
  length?: number;
}

export interface ExternalDataReader {
  /** The bytes of one tensor, `expected` bytes long (its element count times element size). */
  read(tensor: string, ref: ExternalRef, expected: number): Uint8Array;
  /** Closes the files opened; the reader may not be used afterwards. */
  close(): void;
  /** The data files read, relative to the model's folder (for the result's notes). */
  readonly files: ReadonlySet<string>;
}

/** A reader of data files in `modelDir`; `label` names the model in errors. */
export function externalDataReader(modelDir: string, label: string): ExternalDataReader {
  const open = new Map<string, { fd: number; size: number }>();
  const files = new Set<string>();
  let realDir: string | undefined;
  const refuse = (tensor: string, location: string, why: string): never => {
    throw new ExplainError(
      'UNSUPPORTED_MODEL',
      `${label}: the weights of tensor "${tensor}" are to be read from "${location}", which ${why}. ` +
        'External data is read only from files inside the model\'s own folder; move the data file beside the model and save the model with a plain file name as its location.',
    );
  };
  const fileOf = (tensor: string, location: string) => {
    if (location === '' || location.includes('\0')) refuse(tensor, location, 'is not a file name');
    if (isAbsolute(location) || /^[a-zA-Z]:[\\/]/.test(location) || location.startsWith('\\')) refuse(tensor, location, 'is an absolute path');
    const path = resolve(modelDir, location);
    if (!inside(modelDir, path)) refuse(tensor, location, 'leaves the model\'s folder');
    let real: string;
    try {
      real = realpathSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new ExplainError(
        'MODEL_NOT_FOUND',
        `${label}: the weights of tensor "${tensor}" are in the external data file "${location}", which ${code === 'ENOENT' ? 'is not beside the model' : `cannot be read (${(e as Error).message})`}. ` +
          'Copy the data file saved with the model into the model\'s folder.',
      );
    }
    realDir ??= realpathSync(modelDir);
    if (!inside(realDir, real)) refuse(tensor, location, `is a link to ${real}, outside the model's folder`);
    return real;
  };
  return {
    files,
    read(tensor, ref, expected) {
      let f = open.get(ref.location);
      if (!f) {
        const fd = openSync(fileOf(tensor, ref.location), 'r');
        f = { fd, size: fstatSync(fd).size };
        open.set(ref.location, f);
        files.add(ref.location);
      }
      const offset = ref.offset ?? 0;
      const length = ref.length ?? expected;
      if (length !== expected || offset + length > f.size) {
        throw new ExplainError(
          'UNSUPPORTED_MODEL',
          `${label}: tensor "${tensor}" should hold ${expected} bytes at offset ${offset} of "${ref.location}"${length !== expected ? `, but its entry says ${length}` : `, but that file has only ${f.size}`}: the data file does not belong to this model or is truncated.`,
        );
      }
      const out = new Uint8Array(length);
      for (let done = 0; done < length; ) {
        const n = readSync(f.fd, out, done, length - done, offset + done);
        if (n === 0) throw new ExplainError('UNSUPPORTED_MODEL', `${label}: "${ref.location}" ended while reading tensor "${tensor}".`);
        done += n;
      }
      return out;
    },
    close() {
      for (const { fd } of open.values()) closeSync(fd);
      open.clear();
    },
  };
}

function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}
