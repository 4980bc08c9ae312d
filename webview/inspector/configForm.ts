/**
 * The configuration: preset and preprocessing as an editable form that saves `<model>.explain.json` (the host
 * validates and writes it), the labels and where they come from, and the buttons that put the model to use.
 */
import type { InspectorConfig, ModelReport } from '../../src/protocol';
import { el, secondaryButton } from '../dom';
import { dropdown } from '../dropdown';
import { formFields, readForm, type FormField } from '../model/configFields';
import type { ValueElement } from '../toolkit';

export interface ConfigActions {
  save(config: InspectorConfig): void;
  useModel(): void;
  explainImage(): void;
}

export class ConfigForm {
  readonly element: HTMLElement;
  private readonly status = el('p', { class: 'save-status', 'aria-live': 'polite' });

  constructor(r: ModelReport, presets: { name: string; summary: string }[], actions: ConfigActions) {
    const fields = formFields(r, presets.map((p) => p.name));
    const controls = new Map<FormField['key'], ValueElement>();
    const rows = fields.map((f) => {
      const control = f.options
        ? dropdown({ 'aria-label': f.label, 'data-field': f.key }, f.options.map((o) => ({ value: o, label: o || (f.key === 'preset' ? '(none)' : `(${f.placeholder})`), ...(f.key === 'preset' && o ? { title: presets.find((p) => p.name === o)?.summary ?? '' } : {}) })), f.value)
        : (el('vscode-text-field', { 'data-field': f.key, value: f.value, placeholder: f.placeholder, 'aria-label': f.label, title: f.placeholder }) as ValueElement);
      controls.set(f.key, control);
      return el('label', { class: 'field' }, el('span', { class: 'field-label' }, f.label), control);
    });
    const configName = r.config.configPath?.split(/[\\/]/).pop();
    const modelName = r.modelPath.split(/[\\/]/).pop() ?? '';
    const sidecar = modelName.replace(/\.onnx$/i, '') + '.explain.json';
    const save = el('vscode-button', { appearance: 'primary', class: 'save-config' }, `Save ${sidecar}`);
    save.addEventListener('click', () => {
      const values = Object.fromEntries([...controls].map(([k, c]) => [k, c.value]));
      const { config, problems } = readForm(values);
      if (!config) {
        this.status.className = 'save-status error';
        this.status.textContent = problems.join(' ');
        return;
      }
      this.status.className = 'save-status';
      this.status.textContent = `Saving ${sidecar}...`;
      actions.save(config);
    });
    this.element = el(
      'section',
      { class: 'configuration', 'aria-label': 'Configuration' },
      el('h2', {}, 'Configuration'),
      el('p', { class: 'config-source' }, configName ? `From ${configName}; empty fields take the preset's value or the default shown in them.` : r.config.guessed ? 'No configuration describes the preprocessing: the values shown are a guess. Pick a preset or fill in the fields, then save.' : 'No configuration file: the values shown come from the model. Saving writes them beside it.'),
      el('div', { class: 'fields' }, ...rows),
      el('p', { class: 'labels-source' }, `Labels: ${r.labelsFrom ?? 'none (classes are shown by index)'}.`),
      el(
        'div',
        { class: 'actions' },
        save,
        secondaryButton('Use This Model', { class: 'use-model', title: 'Set explain.model to this file' }, () => actions.useModel()),
        secondaryButton('Explain an Image...', { class: 'explain-image', title: 'Pick an image and explain it with this model (sets explain.model)' }, () => actions.explainImage()),
      ),
      this.status,
    );
  }

  saved(ok: boolean, message: string): void {
    this.status.className = ok ? 'save-status' : 'save-status error';
    this.status.textContent = message;
  }
}
