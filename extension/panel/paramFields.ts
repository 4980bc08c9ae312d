/**
 * The view's parameter editors, described from the manifest's `explain.params.*` and `explain.baseline`
 * schemas: one source for names, types, allowed values and descriptions, shared with the Settings editor.
 */
import type { MethodParams, ViewParamField } from '../../src/protocol';

interface SchemaProperty {
  type?: string | string[];
  enum?: string[];
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
    // The baseline's "default" and "image" need the settings (an image path): the view offers the simple kinds.
    const options = kind === 'boolean' ? ['', 'true', 'false'] : key === 'baseline' ? ['', ...(schema.enum ?? []).filter((o) => o !== 'default' && o !== 'image')] : schema.enum;
    fields.push({ key: key as keyof MethodParams, kind, options, description: plain(schema.markdownDescription ?? schema.description ?? '') });
  }
  return fields;
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

/** The view shows descriptions as plain text (tooltips and screen-reader descriptions). */
function plain(markdown: string): string {
  return markdown.replace(/\*\*|`/g, '');
}
