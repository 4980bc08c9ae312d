/**
 * Method parameters as the view edits them: text in a field to a parameter value and back, checked against
 * the field's schema (from the extension manifest). Pure, tested under node.
 */
import type { BaselineSpec, MethodParams, ViewParamField } from '../../src/protocol';

export type Parsed = { ok: true; value: MethodParams[keyof MethodParams] | undefined } | { ok: false; error: string };

/** '' means "the engine's default" (undefined); anything else must fit the field. */
export function parseParam(field: ViewParamField, text: string): Parsed {
  const t = text.trim();
  if (t === '') return { ok: true, value: undefined };
  switch (field.kind) {
    case 'number':
    case 'integer': {
      const n = Number(t);
      if (!Number.isFinite(n)) return { ok: false, error: `${field.label} must be a number` };
      if (field.kind === 'integer' && !Number.isInteger(n)) return { ok: false, error: `${field.label} must be a whole number` };
      return { ok: true, value: n as never };
    }
    case 'choice':
      if (!field.options?.includes(t)) return { ok: false, error: `${field.label} must be one of ${field.options?.filter(Boolean).join(', ')}` };
      // The baseline is the one structured parameter: its choice is the kind.
      return { ok: true, value: (field.key === 'baseline' ? ({ kind: t } as BaselineSpec) : t) as never };
    case 'boolean':
      if (t !== 'true' && t !== 'false') return { ok: false, error: `${field.label} must be true or false` };
      return { ok: true, value: (t === 'true') as never };
    case 'text':
      return { ok: true, value: t as never };
  }
}

/** How a parameter value reads in its field. */
export function paramText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object' && 'kind' in value) return String((value as BaselineSpec).kind);
  return String(value);
}

/** The parameters a request sends: edited values over the ones before; undefined drops a key (engine default). */
export function withParam(params: MethodParams | undefined, key: keyof MethodParams, value: unknown): MethodParams {
  const next: Record<string, unknown> = { ...params };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next as MethodParams;
}
