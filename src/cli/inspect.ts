/**
 * `explain inspect <model> [image]`: what the engine makes of a model before explaining anything (inputs,
 * outputs, opset, producer, the ops on the path, which methods can run, the configuration found and where each
 * field came from) and every preset tried on the image, or on the bundled photo when none is given.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ExplainError } from '../errors';
import { formatPresetTable, formatReport } from '../inspect/format';
import type { EngineClient } from '../worker/client';
import { closest } from './closest';

export const INSPECT_USAGE = `Usage: explain inspect <model.onnx|config.json> [image] [--verbose]

Prints the model's inputs, outputs, opset and producer, the ops on the path from the input to the score, whether
each method can explain it, the configuration found with the source of every field, and the model's top-1 class
and probability under every preprocessing preset on the image (default: the bundled kitten photo).`;

/** The photo the extension's walkthrough explains (media/samples), beside the compiled CLI's package root. */
export function bundledPhoto(): string {
  return join(__dirname, '..', '..', '..', 'media', 'samples', 'kitten.png');
}

export function parseInspect(argv: string[]): { model: string; image: string } | 'help' {
  const flags = argv.filter((a) => a.startsWith('-'));
  const positionals = argv.filter((a) => !a.startsWith('-'));
  if (flags.includes('--help') || flags.includes('-h')) return 'help';
  const unknown = flags.find((f) => f !== '--verbose');
  if (unknown) {
    const near = closest(unknown.replace(/^--?/, ''), ['verbose', 'help']);
    throw new ExplainError('BAD_ARGUMENT', `Unknown option ${unknown} for explain inspect${near ? `; did you mean --${near}?` : '.'} Run explain inspect --help.`);
  }
  if (positionals.length < 1 || positionals.length > 2) {
    throw new ExplainError('BAD_ARGUMENT', `explain inspect takes a model and at most one image (got ${positionals.length} argument(s)). Run explain inspect --help.`);
  }
  const image = positionals[1] ?? bundledPhoto();
  if (positionals[1] === undefined && !existsSync(image)) throw new ExplainError('IMAGE_NOT_FOUND', `The bundled photo ${image} is missing: give an image.`);
  return { model: resolve(positionals[0]), image: resolve(image) };
}

export async function runInspect(argv: string[], client: EngineClient, out: (s: string) => void): Promise<void> {
  const opts = parseInspect(argv);
  if (opts === 'help') return out(`${INSPECT_USAGE}\n`);
  const report = await client.report({ path: opts.model });
  const table = await client.suggestPresets({ path: opts.model }, opts.image);
  out(`${formatReport(report)}\n\n${formatPresetTable(table)}\n`);
}
