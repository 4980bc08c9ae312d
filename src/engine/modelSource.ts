/**
 * Where a model and its configuration come from: an .onnx file (with its `.explain.json` sidecar if there
 * is one), a configuration file, or a configuration from the extension's settings.
 */
import { access, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ExplainError } from '../errors';
import type { ModelConfigFile, ModelSource } from '../protocol';
import { readModelConfigFile, sidecarPath } from '../config/modelConfig';

export interface ModelLocation {
  modelPath: string;
  file: ModelConfigFile;
  baseDir: string;
  configPath?: string;
}

const exists = (p: string) => access(p).then(() => true, () => false);

export async function locateModel(source: ModelSource): Promise<ModelLocation> {
  if ('config' in source) {
    return { modelPath: resolve(source.baseDir, source.config.model), file: source.config, baseDir: source.baseDir };
  }
  const path = resolve(source.path);
  if (!(await exists(path))) throw new ExplainError('MODEL_NOT_FOUND', `Model file not found: ${path}`);
  if (/\.json$/i.test(path)) {
    const { baseDir, ...file } = await readModelConfigFile(path);
    return { modelPath: resolve(baseDir, file.model), file, baseDir, configPath: path };
  }
  const sidecar = sidecarPath(path);
  if (sidecar !== path && (await exists(sidecar))) {
    const { baseDir, ...file } = await readModelConfigFile(sidecar);
    // The sidecar describes this model whatever its `model` field says.
    return { modelPath: path, file: { ...file, model: path }, baseDir, configPath: sidecar };
  }
  return { modelPath: path, file: { model: path }, baseDir: dirname(path) };
}

export async function readModelBytes(modelPath: string): Promise<Uint8Array> {
  try {
    return await readFile(modelPath);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ExplainError('MODEL_NOT_FOUND', `Model file not found: ${modelPath}`);
    if (code === 'EISDIR') throw new ExplainError('NOT_ONNX', `${modelPath} is a folder, not an ONNX model.`);
    throw new ExplainError('MODEL_NOT_FOUND', `Cannot read the model ${modelPath}: ${(e as Error).message}`);
  }
}
