/**
 * Model configurations: reading `*.explain.json` files, finding them beside a model, and resolving them
 * (paths, labels, preprocessing defaults) against the model's input shape.
 */
import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { ExplainError } from '../errors';
import type { ModelConfigFile, ResolvedModelConfig } from '../protocol';
import { resolveInput } from './inputShape';
import { findSchemaViolation, type JsonSchema } from './jsonSchema';
import schemaJson from './model-config.schema.json';

/** The schema of ModelConfigFile; the extension contributes the same file for settings and sidecars. */
export const MODEL_CONFIG_SCHEMA = schemaJson as unknown as JsonSchema;

/** Checks an in-memory configuration (e.g. from settings); `source` names it in the error message. */
export function validateModelConfig(value: unknown, source: string): ModelConfigFile {
  const problem = findSchemaViolation(value, MODEL_CONFIG_SCHEMA);
  if (problem) throw new ExplainError('BAD_CONFIG', `Invalid model configuration ${source}: ${problem}.`);
  return value as ModelConfigFile;
}

export async function readModelConfigFile(jsonPath: string): Promise<ModelConfigFile & { baseDir: string }> {
  const absolute = resolve(jsonPath);
  const text = await readTextFile(absolute, 'model configuration');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ExplainError('BAD_CONFIG', `The model configuration ${absolute} is not valid JSON: ${(err as Error).message}`);
  }
  return { ...validateModelConfig(value, absolute), baseDir: dirname(absolute) };
}

/** Where a model's own configuration lives: `squeezenet.onnx` -> `squeezenet.explain.json`. */
export function sidecarPath(onnxPath: string): string {
  return onnxPath.replace(/\.onnx$/i, '') + '.explain.json';
}

export async function resolveModelConfig(
  file: ModelConfigFile,
  baseDir: string,
  modelInputDims: (number | string)[],
): Promise<ResolvedModelConfig> {
  const { input, sources } = resolveInput(file.input ?? {}, modelInputDims);
  const labels = file.labels === undefined ? undefined : await loadLabels(file.labels, baseDir);
  // No input section: every value is a default, which for an unknown model is a guess.
  return { modelPath: resolve(baseDir, file.model), labels, input, sources, guessed: file.input === undefined };
}

/** Labels inline, from a .json array of strings, or from a text file with one label per line. */
export async function loadLabels(pathOrArray: string | string[], baseDir: string): Promise<string[]> {
  if (Array.isArray(pathOrArray)) return [...pathOrArray];
  const path = resolve(baseDir, pathOrArray);
  const text = await readTextFile(path, 'labels file');
  if (extname(path).toLowerCase() === '.json') return parseJsonLabels(text, path);

  const lines = text.split(/\r?\n/);
  // Editors add a final newline; a blank last line is not a class.
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  return lines;
}

function parseJsonLabels(text: string, path: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ExplainError('BAD_CONFIG', `The labels file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new ExplainError('BAD_CONFIG', `The labels file ${path} must hold a JSON array of strings.`);
  }
  return value;
}

async function readTextFile(path: string, what: string): Promise<string> {
  try {
    // A byte-order mark (Windows editors) would break JSON.parse and the first label.
    return (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
    throw new ExplainError('BAD_CONFIG', `Cannot read the ${what} ${path}: ${reason}.`);
  }
}
