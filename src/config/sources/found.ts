/**
 * What one metadata source says about a model: preprocessing fields and labels, each with the words for where
 * it came from ("preprocessor_config.json (image_mean)"), so the view and result.json can show every field's origin.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConfigSources, PreprocessingConfig } from '../../protocol';

export interface Found {
  input: PreprocessingConfig;
  labels?: string[];
  sources: ConfigSources;
}

export const nothingFound = (): Found => ({ input: {}, sources: {} });

/** Sets a field and its origin. */
export function put<K extends keyof PreprocessingConfig>(f: Found, key: K, value: PreprocessingConfig[K] | undefined, from: string): void {
  if (value === undefined) return;
  f.input[key] = value;
  f.sources[key] = from;
}

/** Layers sources: a field comes from the first that has it. */
export function firstOf(...layers: Found[]): Found {
  const out = nothingFound();
  for (const l of [...layers].reverse()) {
    Object.assign(out.input, l.input);
    Object.assign(out.sources, l.sources);
    if (l.labels) out.labels = l.labels;
  }
  for (const l of layers) if (l.labels) return { ...out, labels: l.labels, sources: { ...out.sources, labels: l.sources.labels } };
  return out;
}

/** A JSON file beside the model, or undefined when there is none or it does not parse (it is not ours to refuse). */
export async function readJsonBeside(dir: string, name: string): Promise<Record<string, unknown> | undefined> {
  try {
    const value: unknown = JSON.parse((await readFile(join(dir, name), 'utf8')).replace(/^\uFEFF/, ''));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export const numbers = (v: unknown): number[] | undefined =>
  Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x)) ? v : undefined;

export const positive = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);

/** Names in index order from {"0": "cat", ...} (id2label), or undefined when an index is missing. */
export function indexedNames(v: unknown): string[] | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const entries = Object.entries(v as Record<string, unknown>);
  const out: string[] = [];
  for (const [k, name] of entries) {
    const i = Number(k);
    if (!Number.isInteger(i) || i < 0 || i >= entries.length || typeof name !== 'string') return undefined;
    out[i] = name;
  }
  return out.length === entries.length && !out.includes(undefined as unknown as string) ? out : undefined;
}

/** Placeholder names (LABEL_0, class_1, 0, 1...) name nothing: labels from them would only look found. */
export function placeholders(names: string[]): boolean {
  return names.every((n, i) => n === String(i) || new RegExp(`^(label|class)[_ ]?${i}$`, 'i').test(n));
}
