/**
 * The faithfulness curves as an SVG document: MoRF and LeRF of the method, the random baseline dashed, the
 * share removed on x and the score on y. Pure, so the CLI's PNG (through sharp) and the view draw the same plot;
 * colours come from the caller (the view passes its theme's).
 */
import type { FaithfulnessResult, PerturbationCurve } from '../protocol';

export interface CurveColors {
  morf: string;
  lerf: string;
  random: string;
  axis: string;
  text: string;
  background: string;
}

export const PRINT_COLORS: CurveColors = { morf: '#d62728', lerf: '#1f77b4', random: '#7f7f7f', axis: '#444444', text: '#222222', background: '#ffffff' };

const LEGEND_ROWS = 3;
const MARGIN = { left: 56, right: 16, top: 30, bottom: 44 + LEGEND_ROWS * 16 };

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A short number for a tick or a legend: 3 significant digits, no exponent for everyday sizes. */
export function shortNumber(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-3 ? v.toExponential(1) : String(Number(v.toPrecision(3)));
}

export function faithfulnessSvg(f: FaithfulnessResult, opts: { width?: number; height?: number; colors?: CurveColors; title?: string } = {}): string {
  const width = opts.width ?? 480;
  const height = opts.height ?? 340;
  const c = opts.colors ?? PRINT_COLORS;
  const curves = [f.morf, f.lerf, ...(f.random ? [f.random.morf, f.random.lerf] : [])];
  const all = curves.flatMap((k) => k.scores);
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (hi - lo < 1e-12) [lo, hi] = [lo - 1, hi + 1];
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const x = (fr: number) => MARGIN.left + fr * plotW;
  const y = (s: number) => MARGIN.top + (1 - (s - lo) / (hi - lo)) * plotH;
  const path = (k: PerturbationCurve) => k.fractions.map((fr, i) => `${i ? 'L' : 'M'}${x(fr).toFixed(1)},${y(k.scores[i]).toFixed(1)}`).join(' ');
  const line = (k: PerturbationCurve, color: string, dashed: boolean) =>
    `<path d="${path(k)}" fill="none" stroke="${color}" stroke-width="2"${dashed ? ' stroke-dasharray="5 4"' : ''}/>`;
  const ticksY = [lo, (lo + hi) / 2, hi];
  const ticksX = [0, 0.25, 0.5, 0.75, 1];
  const text = (tx: number, ty: number, s: string, anchor = 'start') =>
    `<text x="${tx.toFixed(1)}" y="${ty.toFixed(1)}" fill="${c.text}" font-family="sans-serif" font-size="12" text-anchor="${anchor}">${escape(s)}</text>`;
  const legend: (readonly [string, boolean, string])[] = [
    [c.morf, false, `most relevant first (ABPC ${shortNumber(f.abpc)}, AOPC ${shortNumber(f.aopc)})`] as const,
    [c.lerf, false, 'least relevant first'] as const,
    ...(f.random ? [[c.random, true, `random order (ABPC ${shortNumber(f.random.abpc)} \u00b1 ${shortNumber(f.random.abpcStd)})`] as const] : []),
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="${c.background}"/>`,
    opts.title ? text(MARGIN.left, 18, opts.title) : '',
    `<path d="M${x(0)},${y(hi)} L${x(0)},${y(lo)} L${x(1)},${y(lo)}" fill="none" stroke="${c.axis}"/>`,
    ...ticksX.map((t) => text(x(t), height - MARGIN.bottom + 16, `${Math.round(t * 100)}%`, 'middle')),
    ...ticksY.map((t) => text(MARGIN.left - 6, y(t) + 4, shortNumber(t), 'end')),
    text(MARGIN.left + plotW / 2, MARGIN.top + plotH + 34, `share of the image removed (${f.removal}, ${f.patch} px patches)`, 'middle'),
    f.random ? line(f.random.morf, c.random, true) : '',
    f.random ? line(f.random.lerf, c.random, true) : '',
    line(f.lerf, c.lerf, false),
    line(f.morf, c.morf, false),
    ...legend.map(([color, dashed, label], i) => {
      const ly = MARGIN.top + plotH + 54 + i * 16;
      return `<path d="M${MARGIN.left},${ly} l18,0" stroke="${color}" stroke-width="2"${dashed ? ' stroke-dasharray="5 4"' : ''}/>` + text(MARGIN.left + 24, ly + 4, label);
    }),
    '</svg>',
  ].join('\n');
}
