/**
 * The model inspector's configuration form, saved: `<model>.explain.json` beside the model with the form's
 * preprocessing (replacing the file's) and labels (when given), every other field of an existing file (its labels when
 * none are given, scoreOutput, $schema) kept as it was. What
 * is written is checked against the same schema the engine reads it with, so a saved file always loads.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ExplainError } from '../errors';
import type { InspectorConfig, ModelConfigFile, PreprocessingConfig } from '../protocol';
import { sidecarPath, validateModelConfig } from './modelConfig';

/** The configuration the form describes, merged into what the sidecar held (`existing`, parsed JSON or undefined). */
export function editedSidecar(existing: unknown, modelPath: string, form: InspectorConfig): ModelConfigFile {
  const { input: _input, ...kept } = existing && typeof existing === 'object' && !Array.isArray(existing) ? (existing as Record<string, unknown>) : {};
  const input = definedFields(form.input);
  const labels = form.labels?.trim();
  const edited = { ...kept, model: basename(modelPath), ...(labels ? { labels } : {}), ...(Object.keys(input).length > 0 ? { input } : {}) };
  return validateModelConfig(edited, `for ${basename(modelPath)}`);
}

/** Writes the form into the model's sidecar; the file written. */
export async function saveSidecar(modelPath: string, form: InspectorConfig): Promise<string> {
  const file = sidecarPath(modelPath);
  let existing: unknown;
  try {
    existing = JSON.parse((await readFile(file, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (err) {
    // No sidecar yet starts a new one; a sidecar that is not JSON is the user's to fix, not to overwrite.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ExplainError('BAD_CONFIG', `${file} is not valid JSON, so it was not overwritten: ${(err as Error).message}`);
    }
  }
  await writeFile(file, `${JSON.stringify(editedSidecar(existing, modelPath, form), null, 2)}\n`);
  return file;
}

/** The form's fields that hold a value (an emptied field falls back to the preset or the model's default). */
function definedFields(input: PreprocessingConfig): PreprocessingConfig {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out as PreprocessingConfig;
}
