/**
 * The randomization test as an SVG document: the similarity of each step's map to the original (Spearman of |R|
 * and SSIM) from "top layer randomized" to "every layer randomized", with the flag threshold; `thumbnails`
 * (data URIs of the maps, original first) drawn in a row under it when given.
 */
import type { RandomizationResult } from '../protocol';
import { STILL_ALIKE } from '../metrics/randomization';
import { PRINT_COLORS, type CurveColors } from './curvesSvg';

const MARGIN = { left: 48, right: 16, top: 30, bottom: 80 };
const THUMB = 48;

export function randomizationSvg(r: RandomizationResult, opts: { width?: number; colors?: CurveColors; thumbnails?: string[]; title?: string } = {}): string {
  const width = opts.width ?? 480;
  const c = opts.colors ?? PRINT_COLORS;
  const plotH = 180;
  const thumbs = opts.thumbnails ?? [];
  const perRow = Math.max(1, Math.floor((width - MARGIN.left) / (THUMB + 4)));
  const thumbRows = Math.ceil(thumbs.length / perRow);
  const height = MARGIN.top + plotH + MARGIN.bottom + thumbRows * (THUMB + 4);
  const plotW = width - MARGIN.left - MARGIN.right;
  const n = r.steps.length;
  const x = (k: number) => MARGIN.left + (n > 1 ? (k / (n - 1)) * plotW : plotW / 2);
  const y = (v: number) => MARGIN.top + ((1 - v) / 2) * plotH;
  const text = (tx: number, ty: number, s: string, anchor = 'start') =>
    `<text x="${tx.toFixed(1)}" y="${ty.toFixed(1)}" fill="${c.text}" font-family="sans-serif" font-size="12" text-anchor="${anchor}">${s.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text>`;
  const line = (values: number[], color: string, dashed = false) =>
    `<path d="${values.map((v, k) => `${k ? 'L' : 'M'}${x(k).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}" fill="none" stroke="${color}" stroke-width="2"${dashed ? ' stroke-dasharray="5 4"' : ''}/>`;
  const thumbY = MARGIN.top + plotH + MARGIN.bottom - 8;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="${c.background}"/>`,
    opts.title ? text(MARGIN.left, 18, opts.title) : '',
    `<path d="M${MARGIN.left},${y(1)} L${MARGIN.left},${y(-1)} M${MARGIN.left},${y(0)} l${plotW},0" fill="none" stroke="${c.axis}"/>`,
    ...[1, 0, -1].map((t) => text(MARGIN.left - 6, y(t) + 4, String(t), 'end')),
    `<path d="M${MARGIN.left},${y(STILL_ALIKE)} l${plotW},0" stroke="${c.random}" stroke-dasharray="2 3"/>`,
    line(r.steps.map((s) => s.spearman), c.morf),
    line(r.steps.map((s) => s.ssim), c.lerf, true),
    text(MARGIN.left, MARGIN.top + plotH + 18, `top layer randomized`),
    text(width - MARGIN.right, MARGIN.top + plotH + 18, `all ${n} randomized`, 'end'),
    text(MARGIN.left, MARGIN.top + plotH + 36, `Spearman |R| (solid), SSIM (dashed); dotted: the flag at ${STILL_ALIKE}`),
    r.flagged ? text(MARGIN.left, MARGIN.top + plotH + 54, 'Flagged: the map barely changes when the weights are random.') : '',
    ...thumbs.map((uri, i) => `<image href="${uri}" x="${MARGIN.left + (i % perRow) * (THUMB + 4)}" y="${thumbY + Math.floor(i / perRow) * (THUMB + 4)}" width="${THUMB}" height="${THUMB}"/>`),
    '</svg>',
  ].join('\n');
}
