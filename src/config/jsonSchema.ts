/**
 * Checks a value against the small subset of JSON Schema (draft-07) that our schemas use. The configuration
 * is validated by interpreting its schema file rather than by hand-written checks, so the editor (which
 * reads the same schema) and the engine cannot disagree about what a valid file is.
 */

export interface JsonSchema {
  $schema?: string;
  $id?: string;
  title?: string;
  description?: string;
  type?: string;
  enum?: readonly unknown[];
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  anyOf?: readonly JsonSchema[];
}

/** Every keyword findSchemaViolation understands or may safely ignore (annotations). */
export const SUPPORTED_SCHEMA_KEYWORDS: readonly string[] = [
  '$schema', '$id', 'title', 'description',
  'type', 'enum', 'properties', 'required', 'additionalProperties', 'items',
  'minItems', 'maxItems', 'minLength', 'minimum', 'exclusiveMinimum', 'anyOf',
];

/**
 * The first way `value` breaks `schema`, as a sentence naming the field (e.g. `input.mean[1] must be a
 * number (got "0.5")`), or undefined when it is valid.
 */
export function findSchemaViolation(value: unknown, schema: JsonSchema, path = ''): string | undefined {
  const field = path || 'the configuration';

  if (schema.anyOf) {
    const fits = schema.anyOf.some((option) => findSchemaViolation(value, option, path) === undefined);
    if (!fits) return `${field} must be ${schema.anyOf.map(describe).join(' or ')} (got ${show(value)})`;
  }
  if (schema.type !== undefined && !hasType(value, schema.type)) {
    return `${field} must be ${describe(schema)} (got ${show(value)})`;
  }
  if (schema.enum && !schema.enum.includes(value)) {
    return `${field} must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')} (got ${show(value)})`;
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return `${field} must be at least ${schema.minimum} (got ${value})`;
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) {
      return `${field} must be greater than ${schema.exclusiveMinimum} (got ${value})`;
    }
  }
  if (typeof value === 'string' && schema.minLength !== undefined && value.length < schema.minLength) {
    return `${field} must not be empty`;
  }
  if (Array.isArray(value)) return findArrayViolation(value, schema, path, field);
  if (isPlainObject(value)) return findObjectViolation(value, schema, path, field);
  return undefined;
}

function findArrayViolation(value: unknown[], schema: JsonSchema, path: string, field: string): string | undefined {
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    return `${field} must have at least ${schema.minItems} item(s) (got ${value.length})`;
  }
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    return `${field} must have at most ${schema.maxItems} item(s) (got ${value.length})`;
  }
  if (!schema.items) return undefined;
  for (let i = 0; i < value.length; i++) {
    const problem = findSchemaViolation(value[i], schema.items, `${path}[${i}]`);
    if (problem) return problem;
  }
  return undefined;
}

function findObjectViolation(
  value: Record<string, unknown>,
  schema: JsonSchema,
  path: string,
  field: string,
): string | undefined {
  const known = schema.properties ?? {};
  for (const name of schema.required ?? []) {
    if (!(name in value)) return `${field} is missing the required field "${join(path, name)}"`;
  }
  for (const [name, child] of Object.entries(value)) {
    const childSchema = known[name];
    if (childSchema) {
      const problem = findSchemaViolation(child, childSchema, join(path, name));
      if (problem) return problem;
    } else if (schema.additionalProperties === false) {
      return `unknown field "${join(path, name)}" (allowed: ${Object.keys(known).join(', ')})`;
    }
  }
  return undefined;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isPlainObject(value);
    case 'null':
      return value === null;
    default:
      throw new Error(`JSON Schema type "${type}" is not supported by this validator`);
  }
}

function describe(schema: JsonSchema): string {
  if (schema.type === 'array') return schema.items?.type ? `an array of ${schema.items.type}s` : 'an array';
  const type = schema.type ?? 'value';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
