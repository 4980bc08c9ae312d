/**
 * The view's parameter editors, described from the manifest's `explain.params.*` and `explain.baseline`
 * schemas: one source for names, types, allowed values (with their `enumItemLabels`) and descriptions, shared
 * with the Settings editor; the card's own words for each parameter come from paramLabels.ts.
 */
import type { ExplainResult, MethodParams, ViewParamField } from '../../src/protocol';
import { PARAM_LABELS } from './paramLabels';

interface SchemaProperty {
  type?: string | string[];
  enum?: string[];
  enumItemLabels?: string[];
  default?: unknown;
  description?: string;
  markdownDescription?: string;
}

/** `packageJSON` is the extension's manifest (vscode.Extension.packageJSON). */
export function paramFields(packageJSON: unknown): ViewParamField[] {
  const properties = ((packageJSON as { contributes?: { configuration?: { properties?: Record<string, SchemaProperty> } } })?.contributes?.configuration
    ?.properties ?? {}) as Record<string, SchemaProperty>;
  const fields: ViewParamField[] = [];
  for (const [name, schema] of Object.entries(properties)) {
    const key = name.startsWith('explain.params.') ? name.slice('explain.params.'.length) : name === 'explain.baseline' ? 'baseline' : undefined;
    const kind = key && fieldKind(schema);
    if (!key || !kind) continue;
    const labelOf = (value: string): string => {
      const i = schema.enum?.indexOf(value) ?? -1;
      return (i >= 0 ? schema.enumItemLabels?.[i] : undefined) ?? value;
    };
    // The baseline's "default" and "image" need the settings (an image path): the view offers the simple kinds.
    const options = kind === 'boolean' ? ['', 'true', 'false'] : key === 'baseline' ? ['', ...(schema.enum ?? []).filter((o) => o !== 'default' && o !== 'image')] : schema.enum;
    const optionLabels = kind === 'boolean' ? [`Default (${schema.default === true ? 'on' : 'off'})`, 'On', 'Off'] : key === 'baseline' ? options?.map((o) => (o === '' ? labelOf('default') : labelOf(o))) : options?.map(labelOf);
    fields.push({
      key: key as keyof MethodParams,
      label: PARAM_LABELS[key] ?? key,
      kind,
      options,
      ...(optionLabels ? { optionLabels } : {}),
      description: plain(schema.markdownDescription ?? schema.description ?? ''),
    });
  }
  return fields;
}

/**
 * The fields for one shown result: a class activation method's layer becomes a choice among the layers the
 * engine found (its default first, as ""), instead of a name to type.
 */
export function fieldsFor(fields: readonly ViewParamField[], results: readonly Pick<ExplainResult, 'layerChoices'>[]): ViewParamField[] {
  const choices = results.find((r) => r.layerChoices)?.layerChoices;
  if (!choices) return [...fields];
  const others = choices.candidates.filter((c) => c !== choices.default);
  return fields.map((f) =>
    f.key === 'layer' ? { ...f, kind: 'choice', options: ['', ...others], optionLabels: [`${choices.default} (default)`, ...others] } : f,
  );
}

/** Object-valued settings (rules by node) are edited in Settings, not in the view. */
function fieldKind(schema: SchemaProperty): ViewParamField['kind'] | undefined {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (schema.enum) return 'choice';
  if (types.includes('boolean')) return 'boolean';
  if (types.includes('integer')) return 'integer';
  if (types.includes('number')) return 'number';
  if (types.includes('string')) return 'text';
  return undefined;
}

/** The view shows descriptions as plain text (help lines, tooltips and screen-reader descriptions). */
function plain(markdown: string): string {
  return markdown.replace(/\*\*|`/g, '');
}
