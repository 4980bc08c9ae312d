/**
 * The export buttons: the host saves each into the workspace (the view only says what, and how it is drawn).
 * While the explanation the exports are for draws a neuron's own map, that map can be saved too: its pictures
 * and its values, named after the layer and the channel.
 */
import type { ExportKind, NeuronExportKind, NeuronRef } from '../src/protocol';
import { el, secondaryButton } from './dom';

const EXPORTS: { what: ExportKind; label: string }[] = [
  { what: 'overlay', label: 'Overlay PNG' },
  { what: 'heatmap', label: 'Heatmap PNG' },
  { what: 'json', label: 'Result JSON' },
  { what: 'csv', label: 'Table CSV' },
];

const NEURON_EXPORTS: { what: NeuronExportKind; label: string }[] = [
  { what: 'overlay', label: 'Overlay PNG' },
  { what: 'heatmap', label: 'Heatmap PNG' },
  { what: 'npy', label: 'Values .npy' },
];

export class ExportBar {
  readonly element: HTMLElement;
  private readonly neuronGroup: HTMLElement;
  private readonly neuronLabel: HTMLElement;
  /** Per shown explanation (by index): the neuron whose own map its card draws. */
  private readonly neurons = new Map<number, NeuronRef>();
  private active = 0;

  constructor(save: (what: ExportKind) => void, saveNeuron: (what: NeuronExportKind, index: number, neuron: NeuronRef) => void) {
    this.neuronLabel = el('span', { class: 'neuron-export-label' });
    this.neuronGroup = el(
      'div',
      { class: 'exports neuron-exports', role: 'group' },
      this.neuronLabel,
      ...NEURON_EXPORTS.map(({ what, label }) =>
        secondaryButton(label, { 'data-export-neuron': what }, () => {
          const neuron = this.neurons.get(this.active);
          if (neuron) saveNeuron(what, this.active, neuron);
        }),
      ),
    );
    this.element = el(
      'div',
      { class: 'export-bar' },
      el(
        'div',
        { class: 'exports', role: 'group', 'aria-label': 'Save into the workspace' },
        el('span', {}, 'Save: '),
        ...EXPORTS.map(({ what, label }) => secondaryButton(label, { 'data-export': what }, () => save(what))),
      ),
      this.neuronGroup,
    );
    this.refresh();
  }

  /** Card `index` now draws this neuron's own map, or (undefined) the input relevance again. */
  setNeuron(index: number, neuron: NeuronRef | undefined): void {
    if (neuron) this.neurons.set(index, neuron);
    else this.neurons.delete(index);
    this.refresh();
  }

  /** The exports are now for explanation `index` (compare mode's "Table and exports for"). */
  setActive(index: number): void {
    this.active = index;
    this.refresh();
  }

  private refresh(): void {
    const neuron = this.neurons.get(this.active);
    this.neuronGroup.hidden = !neuron;
    if (!neuron) return;
    const name = `neuron ${neuron.channel} of ${neuron.layer}`;
    this.neuronLabel.textContent = `Save ${name}: `;
    this.neuronGroup.setAttribute('aria-label', `Save the own map of ${name} into the workspace`);
  }
}
