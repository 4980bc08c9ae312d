/**
 * The features a black-box method keeps or removes together, from `--features`: `grid:N`, `slic:N` or
 * `patch:P`. Every pixel belongs to exactly one feature, numbered 0..count-1 with none empty.
 */
import { ExplainError } from '../../errors';
import type { Segmentation } from '../../protocol';
import type { DisplayImage } from '../../preprocess/image';
import { gridSegments } from './grid';
import { patchSegments } from './patch';
import { slicSegments } from './slic';

export const FEATURE_KINDS = ['grid', 'slic', 'patch'] as const;
export type FeatureKind = (typeof FEATURE_KINDS)[number];

/** `spec` read, and written back in its one spelling. */
export function parseFeatures(spec: string): { kind: FeatureKind; n: number; spec: string } {
  const m = /^(grid|slic|patch):(\d+)$/.exec(spec.trim());
  if (!m || Number(m[2]) < 1) throw new ExplainError('BAD_ARGUMENT', `--features must be grid:N (N x N cells), slic:N (about N superpixels) or patch:P (P x P px squares) with N, P >= 1, got "${spec}".`);
  return { kind: m[1] as FeatureKind, n: Number(m[2]), spec: `${m[1]}:${Number(m[2])}` };
}

/** The segmentation `spec` names, of the displayed image (SLIC reads its colours; the others only its size). */
export function segmentImage(spec: string, display: DisplayImage): Segmentation {
  const { kind, n } = parseFeatures(spec);
  if (kind === 'grid') return gridSegments(display.width, display.height, n);
  if (kind === 'patch') return patchSegments(display.width, display.height, n);
  return slicSegments(display, n);
}
