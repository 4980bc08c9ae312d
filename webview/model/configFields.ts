/**
 * The inspector's configuration form as data: each field of `<model>.explain.json`'s input section with the value
 * the configuration file gives (editable) or, when the file gives none, the resolved value and where it came from
 * (the placeholder). Reading the form back gives the file's fields, or the problems that keep it from saving.
 */
import type { InspectorConfig, ModelReport, PreprocessingConfig, ResizeMode } from '../../src/protocol';

export type FieldKind = 'choice' | 'integer' | 'number' | 'numbers' | 'resize' | 'text';

export interface FormField {
  key: keyof PreprocessingConfig | 'labels';
  label: string;
  kind: FieldKind;
  /** For a choice; '' (the first) leaves the field to the preset or the default. */
  options?: string[];
  /** What the configuration file says ('' when it says nothing). */
  value: string;
  /** The resolved value and its source, shown in an empty field. */
  placeholder: string;
}

const CHOICES: Partial<Record<FormField['key'], string[]>> = {
  channels: ['RGB', 'BGR', 'gray'],
  layout: ['NCHW', 'NHWC'],
  interpolation: ['nearest', 'bilinear', 'bicubic', 'lanczos', 'box'],
};

const FIELDS: { key: FormField['key']; label: string; kind: FieldKind }[] = [
  { key: 'preset', label: 'Preset', kind: 'choice' },
  { key: 'width', label: 'Width', kind: 'integer' },
  { key: 'height', label: 'Height', kind: 'integer' },
  { key: 'channels', label: 'Channels', kind: 'choice' },
  { key: 'layout', label: 'Layout', kind: 'choice' },
  { key: 'scale', label: 'Scale', kind: 'number' },
  { key: 'mean', label: 'Mean', kind: 'numbers' },
  { key: 'std', label: 'Std', kind: 'numbers' },
  { key: 'resize', label: 'Resize', kind: 'resize' },
  { key: 'interpolation', label: 'Interpolation', kind: 'choice' },
  { key: 'labels', label: 'Labels file', kind: 'text' },
];

export function formFields(r: Pick<ModelReport, 'config' | 'labelsFrom'>, presets: readonly string[]): FormField[] {
  const configName = r.config.configPath?.split(/[\\/]/).pop();
  const sources = r.config.sources ?? {};
  const input = r.config.input as unknown as Record<string, unknown>;
  return FIELDS.map(({ key, label, kind }): FormField => {
    const options = key === 'preset' ? ['', ...presets] : CHOICES[key] ? ['', ...CHOICES[key]!] : undefined;
    if (key === 'labels') return { key, label, kind, value: '', placeholder: r.labelsFrom ? `kept: ${r.labelsFrom}` : 'none: classes are shown by index' };
    const resolved = input[key] === undefined ? '' : valueText(kind, input[key]);
    if (key === 'preset') return { key, label, kind, options, value: resolved, placeholder: '' };
    const source = sources[key as keyof typeof sources] ?? 'default';
    const given = configName !== undefined && source === configName;
    return { key, label, kind, ...(options && { options }), value: given ? resolved : '', placeholder: resolved ? `${resolved} (${source})` : `(${source})` };
  });
}

export function valueText(kind: FieldKind, v: unknown): string {
  if (kind === 'numbers' && Array.isArray(v)) return v.join(', ');
  if (kind === 'resize') return resizeText(v as ResizeMode);
  return String(v);
}

function resizeText(r: ResizeMode): string {
  if (typeof r === 'string') return r;
  if ('shorter' in r) return `shorter ${r.shorter}`;
  return `longer ${r.longer}${r.pad !== undefined ? ` pad ${Array.isArray(r.pad) ? r.pad.join(',') : r.pad}` : ''}`;
}

/** The form's values (by key) as the file's fields; an empty field is left out (the preset or the default holds). */
export function readForm(values: Partial<Record<FormField['key'], string>>): { config?: InspectorConfig; problems: string[] } {
  const problems: string[] = [];
  const input: Record<string, unknown> = {};
  for (const { key, label, kind } of FIELDS) {
    const text = (values[key] ?? '').trim();
    if (!text || key === 'labels') continue;
    const parsed = parseField(kind, text);
    if (parsed === undefined) problems.push(`${label}: "${text}" is not ${EXPECTED[kind]}.`);
    else input[key] = parsed;
  }
  if (problems.length) return { problems };
  const labels = (values.labels ?? '').trim();
  return { config: { input: input as PreprocessingConfig, ...(labels && { labels }) }, problems };
}

const EXPECTED: Record<FieldKind, string> = {
  choice: 'one of the choices',
  integer: 'a whole number above 0',
  number: 'a number above 0',
  numbers: 'one or three numbers separated by commas',
  resize: '"stretch", "center-crop", "shorter N" or "longer N" (optionally "pad V")',
  text: 'text',
};

function parseField(kind: FieldKind, text: string): unknown {
  switch (kind) {
    case 'integer': {
      const n = Number(text);
      return Number.isInteger(n) && n > 0 ? n : undefined;
    }
    case 'number': {
      const n = Number(text);
      return Number.isFinite(n) && n > 0 ? n : undefined;
    }
    case 'numbers': {
      const ns = text.split(/[,\s]+/).filter((s) => s).map(Number);
      return (ns.length === 1 || ns.length === 3) && ns.every(Number.isFinite) ? ns : undefined;
    }
    case 'resize':
      return parseResize(text);
    default:
      return text;
  }
}

function parseResize(text: string): ResizeMode | undefined {
  if (text === 'stretch' || text === 'center-crop') return text;
  const m = /^(shorter|longer)\s+(\d+)(?:\s+pad\s+([\d.]+(?:\s*,\s*[\d.]+){2}|[\d.]+))?$/.exec(text);
  if (!m || Number(m[2]) < 1) return undefined;
  if (m[1] === 'shorter') return m[3] === undefined ? { shorter: Number(m[2]) } : undefined;
  const pad = m[3]?.split(',').map(Number);
  return { longer: Number(m[2]), ...(pad && { pad: pad.length === 1 ? pad[0] : pad }) };
}
