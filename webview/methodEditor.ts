/**
 * The method of one shown explanation, editable in place: the method (the command palette's list) and the
 * parameters it reads, each with the engine's default as placeholder. "Re-run" explains again with them.
 */
import type { MethodName, MethodParams, ViewMethod, ViewParamField, ViewRequest } from '../src/protocol';
import { el, secondaryButton } from './dom';
import { dropdown } from './dropdown';
import { paramText, parseParam, withParam } from './model/params';
import type { ValueElement } from './toolkit';

export interface MethodEditorOptions {
  request: ViewRequest;
  /** The parameters the engine ran with (its defaults filled in). */
  ran: MethodParams;
  methods: readonly ViewMethod[];
  fields: readonly ViewParamField[];
  rerun: (request: ViewRequest) => void;
  /** Present when this explanation can be dropped from a comparison. */
  remove?: () => void;
}

export function methodEditor(o: MethodEditorOptions): HTMLElement {
  const method = o.methods.find((m) => m.name === o.request.method);
  const picker = dropdown(
    { class: 'method-pick', 'aria-label': 'Attribution method' },
    o.methods.map((m) => ({ value: m.name, label: m.label, title: m.description })),
    o.request.method,
  );
  // Another method starts from its own defaults: parameters of the old one mean nothing to it.
  picker.addEventListener('change', () => {
    if (picker.value !== o.request.method) o.rerun({ ...o.request, method: picker.value as MethodName, params: undefined });
  });

  const errors = el('p', { class: 'param-errors', role: 'alert' });
  const inputs = (method?.params ?? []).flatMap((key) => {
    const field = o.fields.find((f) => f.key === key);
    return field ? [{ field, input: paramInput(field, o.request.params?.[key], o.ran[key] ?? method?.defaults[key]) }] : [];
  });

  const run = (): void => {
    let params = o.request.params;
    const problems: string[] = [];
    for (const { field, input } of inputs) {
      const parsed = parseParam(field, input.value);
      if (parsed.ok) params = withParam(params, field.key, parsed.value);
      else problems.push(parsed.error);
    }
    errors.textContent = problems.join('; ');
    if (problems.length === 0) o.rerun({ ...o.request, params });
  };
  const rerunButton = el('vscode-button', { class: 'rerun' }, 'Re-run');
  rerunButton.addEventListener('click', run);
  const form = el(
    'div',
    { class: 'method-editor', role: 'group', 'aria-label': `${method?.label ?? o.request.method} parameters` },
    el('div', { class: 'method-row' }, picker, rerunButton, o.remove ? removeButton(o.remove) : undefined),
    method ? el('p', { class: 'method-description' }, method.description) : undefined,
    ...inputs.map(({ field, input }) => el('label', { class: 'param', title: field.description }, el('span', {}, field.label), input)),
    inputs.length ? paramHelp(inputs.map(({ field }) => field)) : undefined,
    errors,
  );
  // Enter in a field re-runs, as in a form.
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'VSCODE-TEXT-FIELD') run();
  });
  return form;
}

/** `ran`: the value the result was made with, or the method's default (a text field's placeholder, "" named by it). */
function paramInput(field: ViewParamField, value: unknown, ran: unknown): ValueElement {
  const label = `${field.label}: ${field.description}`;
  if (field.kind === 'choice' || field.kind === 'boolean') {
    return dropdown(
      { 'aria-label': label, 'data-param': field.key },
      (field.options ?? []).map((opt, i) => ({ value: opt, label: optionLabel(field, opt, i, ran) })),
      paramText(value),
    );
  }
  return el('vscode-text-field', { value: paramText(value), placeholder: paramText(ran) || 'default', 'aria-label': label, size: '10', 'data-param': field.key }) as ValueElement;
}

/**
 * An option as the card shows it: the manifest's words for it. "" (nothing set in the card) runs with what the
 * settings or the method give, so it is named by what the result ran with ("Default (Epsilon-plus)"); when
 * nothing ran with a value, the manifest's words for "" say what that means (LRP's composite: "None: one rule
 * everywhere").
 */
function optionLabel(field: ViewParamField, option: string, index: number, ran: unknown): string {
  const own = field.optionLabels?.[index] ?? option;
  const ranText = paramText(ran);
  if (option !== '' || !ranText) return own || 'Default';
  const i = field.options?.indexOf(ranText) ?? -1;
  return `Default (${i > 0 ? (field.optionLabels?.[i] ?? ranText) : ranText})`;
}

/** What each parameter means, in the setting's own words: folded away until asked for. */
function paramHelp(fields: readonly ViewParamField[]): HTMLElement {
  return el(
    'details',
    { class: 'param-help' },
    el('summary', {}, 'What these parameters mean'),
    el('dl', {}, ...fields.flatMap((f) => [el('dt', {}, f.label), el('dd', {}, f.description)])),
  );
}

function removeButton(remove: () => void): HTMLElement {
  return secondaryButton('Remove', { 'aria-label': 'Remove this method from the comparison' }, remove);
}
