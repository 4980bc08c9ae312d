/**
 * The prediction: the top-5 classes with label and probability (a button each: picking one explains that
 * class), the explained score and, where a baseline is used, the baseline's score and completeness.
 */
import type { ViewExplanation } from '../src/protocol';
import { el, num } from './dom';
import { sumMeans } from './model/units';

export function prediction(e: ViewExplanation, explainClass: (index: number) => void): HTMLElement {
  const list = el(
    'ol',
    { class: 'top5', 'aria-label': 'Top 5 predictions; pick one to explain that class' },
    ...e.top.map((c) => {
      const current = c.index === e.target;
      const bar = el('span', { class: 'prob-bar', 'aria-hidden': 'true' });
      bar.style.width = `${(c.probability * 100).toFixed(1)}%`;
      const button = el(
        'button',
        { type: 'button', class: 'class-pick', 'aria-pressed': String(current), 'data-class': String(c.index), title: `Explain class ${c.index}` },
        el('span', { class: 'class-label' }, c.label),
        el('span', { class: 'class-prob' }, `${(c.probability * 100).toFixed(1)}%`),
        // The current target is marked in words as well as by the highlight.
        current ? el('span', { class: 'class-current' }, ' (explained)') : undefined,
        bar,
      );
      button.addEventListener('click', () => {
        if (!current) explainClass(c.index);
      });
      return el('li', {}, button);
    }),
  );
  const facts: [string, string][] = [
    ['Explained', `class ${e.target} (${e.label}), score ${num(e.score)}`],
  ];
  // A Grad-CAM or occlusion map's total means nothing: no sum is shown for them.
  if (sumMeans(e.method)) facts.push(['Relevance sum', num(e.relevanceSum)]);
  if (e.baselineScore !== undefined) facts.push(['Baseline score', num(e.baselineScore)]);
  if (e.completenessError !== undefined) facts.push(['Completeness error', num(e.completenessError)]);
  return el(
    'section',
    { class: 'prediction', 'aria-label': 'Prediction' },
    el('h2', {}, 'Prediction'),
    list,
    el('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', { class: k === 'Relevance sum' ? 'relevance-sum' : '' }, v)])),
  );
}
