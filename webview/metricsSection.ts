/**
 * "Can I trust this map?" (issue 13): per explanation, its faithfulness curves with ABPC and AOPC beside chance,
 * and the randomization sanity check with its similarity plot and the randomized maps; buttons ask the host to
 * re-run with the measurement. In Compare, a table of ABPC per method with the best marked. The plots are the
 * engine's SVG (src/render), coloured from the theme.
 */
import type { FaithfulnessResult, RandomizationResult, Thumbnail, ViewExplanation, ViewRequest } from '../src/protocol';
import { relevanceToRgba } from '../src/render/colormap';
import { type CurveColors, faithfulnessSvg, shortNumber } from '../src/render/curvesSvg';
import { randomizationSvg } from '../src/render/randomizationSvg';
import { el, secondaryButton } from './dom';

/** The theme's colours for the plots (the toolkit's chart colours, with fallbacks for older themes). */
function themeColors(): CurveColors {
  const css = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    morf: v('--vscode-charts-red', '#f14c4c'),
    lerf: v('--vscode-charts-blue', '#3794ff'),
    random: v('--vscode-descriptionForeground', '#8b8b8b'),
    axis: v('--vscode-foreground', '#cccccc'),
    text: v('--vscode-foreground', '#cccccc'),
    background: v('--vscode-editor-background', 'transparent'),
  };
}

function svgElement(svg: string, label: string): Element {
  const node = document.importNode(new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement, true);
  node.setAttribute('role', 'img');
  node.setAttribute('aria-label', label);
  node.classList.add('metric-plot');
  return node;
}

function thumbnailCanvas(t: Thumbnail, label: string): HTMLCanvasElement {
  const canvas = el('canvas', { width: String(t.width), height: String(t.height), class: 'metric-thumb', title: label, 'aria-label': label });
  const ctx = canvas.getContext('2d');
  ctx?.putImageData(new ImageData(relevanceToRgba(t, { mode: 'absolute' }) as Uint8ClampedArray<ArrayBuffer>, t.width, t.height), 0, 0);
  return canvas;
}

function faithfulnessBlock(e: ViewExplanation, f: FaithfulnessResult): HTMLElement {
  const chance = f.random ? ` Random orders of the same patches: ABPC ${shortNumber(f.random.abpc)} \u00b1 ${shortNumber(f.random.abpcStd)}, AOPC ${shortNumber(f.random.aopc)}.` : '';
  const beats = f.random && f.abpc > f.random.abpc + 2 * f.random.abpcStd ? ' The map orders pixels better than chance.' : f.random ? ' Within the spread of chance: this number alone does not favour the map.' : '';
  return el(
    'div',
    { class: 'metric faithfulness' },
    svgElement(faithfulnessSvg(f, { colors: themeColors() }), `Faithfulness curves of ${e.methodLabel}: ABPC ${shortNumber(f.abpc)}`),
    el(
      'p',
      { class: 'metric-numbers' },
      `ABPC ${shortNumber(f.abpc)} (area between the least- and most-relevant-first curves, higher is better), AOPC ${shortNumber(f.aopc)}.${chance}${beats}`,
    ),
    el('p', { class: 'metric-how' }, `Removed ${f.patch} px patches by ${f.removalDescription}; ${f.forwards} forward passes in ${(f.ms / 1000).toFixed(1)} s.`),
  );
}

function randomizationBlock(e: ViewExplanation, r: RandomizationResult): HTMLElement {
  const last = r.steps[r.steps.length - 1];
  return el(
    'div',
    { class: 'metric randomization' },
    svgElement(randomizationSvg(r, { colors: themeColors() }), `Randomization test of ${e.methodLabel}: Spearman ${last.spearman.toFixed(2)} with every layer randomized`),
    el(
      'p',
      { class: r.flagged ? 'metric-numbers flagged' : 'metric-numbers' },
      r.flagged
        ? `Flagged: with all ${r.steps.length} layers randomized the map still ranks pixels alike (Spearman ${last.spearman.toFixed(2)}): it shows the input more than what the model learned.`
        : `With all ${r.steps.length} layers randomized the map ranks pixels differently (Spearman ${last.spearman.toFixed(2)}, SSIM ${last.ssim.toFixed(2)}): it depends on the weights.`,
    ),
    el('div', { class: 'metric-thumbs' }, thumbnailCanvas(r.original, 'original map'), ...r.steps.map((s, i) => thumbnailCanvas(s.map, `layers 1-${i + 1} randomized (down to ${s.layer})`))),
    el('p', { class: 'metric-how' }, 'This test alone does not rank methods (Binder et al., CVPR 2023): a map may change for the wrong reasons.'),
  );
}

/** The ABPC of each compared method, the best marked. */
function abpcTable(explanations: ViewExplanation[]): HTMLElement | undefined {
  const rows = explanations.filter((e) => e.metrics?.faithfulness);
  if (rows.length < 2) return undefined;
  const best = Math.max(...rows.map((e) => e.metrics!.faithfulness!.abpc));
  return el(
    'table',
    { class: 'abpc-table' },
    el('caption', {}, 'Faithfulness of the compared maps (ABPC, higher is better)'),
    el('tr', {}, el('th', { scope: 'col' }, 'Method'), el('th', { scope: 'col' }, 'ABPC'), el('th', { scope: 'col' }, 'AOPC'), el('th', { scope: 'col' }, 'Chance (ABPC)')),
    ...rows.map((e) => {
      const f = e.metrics!.faithfulness!;
      const top = f.abpc === best;
      return el(
        'tr',
        top ? { class: 'best' } : {},
        el('td', {}, e.methodLabel, top ? ' (best)' : ''),
        el('td', {}, shortNumber(f.abpc)),
        el('td', {}, shortNumber(f.aopc)),
        el('td', {}, f.random ? `${shortNumber(f.random.abpc)} \u00b1 ${shortNumber(f.random.abpcStd)}` : '-'),
      );
    }),
  );
}

/** The section; `rerun` asks for the shown requests again with a measurement added to each. */
export function metricsSection(explanations: ViewExplanation[], rerun: (requests: ViewRequest[]) => void): HTMLElement {
  const ask = (metric: 'faithfulness' | 'randomization') => () =>
    rerun(explanations.map((e) => ({ ...e.request, metrics: { ...e.request.metrics, [metric]: {} } })));
  const measured = explanations.some((e) => e.metrics?.faithfulness);
  const checked = explanations.some((e) => e.metrics?.randomization);
  return el(
    'section',
    { class: 'metrics', 'aria-label': 'Faithfulness' },
    el('h2', {}, 'Faithfulness'),
    el(
      'div',
      { class: 'actions' },
      measured ? undefined : secondaryButton('Measure Faithfulness', { 'data-testid': 'measure-faithfulness' }, ask('faithfulness')),
      checked ? undefined : secondaryButton('Run Sanity Check', { 'data-testid': 'run-sanity-check' }, ask('randomization')),
    ),
    abpcTable(explanations),
    ...explanations.map((e) =>
      e.metrics && (e.metrics.faithfulness || e.metrics.randomization)
        ? el(
            'div',
            { class: 'metric-card' },
            explanations.length > 1 ? el('h3', {}, e.methodLabel) : undefined,
            e.metrics.faithfulness && faithfulnessBlock(e, e.metrics.faithfulness),
            e.metrics.randomization && randomizationBlock(e, e.metrics.randomization),
          )
        : undefined,
    ),
  );
}
