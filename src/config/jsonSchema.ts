/**
 * Checks a value against a JSON Schema (draft-07) with ajv, and words the first violation as one sentence
 * naming the field. The configuration is validated by its schema file rather than by hand-written checks,
 * so the editor (which reads the same schema) and the engine cannot disagree about what a valid file is.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

/** The parts of a schema this module reads to word messages; any other keyword is ajv's business. */
export interface JsonSchema {
  $schema?: string;
  title?: string;
  description?: string;
  type?: string;
  enum?: readonly unknown[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: readonly JsonSchema[];
  [keyword: string]: unknown;
}

// strict: an unknown keyword or a typo in the schema is an error when it is compiled, not a silent no-op.
const ajv = new Ajv({ allErrors: false, strict: true, verbose: true });
const compiled = new WeakMap<object, ValidateFunction>();

/**
 * The first way `value` breaks `schema`, as a sentence naming the field (e.g. `input.mean[1] must be a
 * number (got "0.5")`), or undefined when it is valid.
 */
export function findSchemaViolation(value: unknown, schema: JsonSchema): string | undefined {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return undefined;
  return describeError(validate.errors ?? []);
}

/**
 * With allErrors off ajv stops at the first failing keyword; when that is an anyOf, the errors of its
 * branches come before it. The branch the value was evidently meant for (the only one of its JSON type, or
 * the only one that fails deeper than the value itself) gives the precise message; else all are named.
 */
function describeError(errors: ErrorObject[]): string {
  const last = errors[errors.length - 1];
  if (!last) return 'the configuration is invalid';
  if (last.keyword !== 'anyOf') return wordError(last);
  const options = (last.schema as JsonSchema[]) ?? [];
  const branchErrors = (i: number) => errors.filter((e) => e.schemaPath.startsWith(`${last.schemaPath}/${i}/`));
  const typed = options.map((_, i) => i).filter((i) => hasType(last.data, options[i].type));
  const deeper = typed.filter((i) => branchErrors(i).some((e) => e.instancePath !== last.instancePath));
  const chosen = typed.length === 1 ? typed : deeper;
  if (chosen.length === 1) {
    const inner = branchErrors(chosen[0]);
    // A wrong value of the right type ("crop" for resize) is better answered with every form allowed.
    const precise = inner.some((e) => e.instancePath !== last.instancePath || e.keyword !== 'enum');
    if (precise) return describeError(inner);
  }
  return `${fieldName(last.instancePath)} must be ${options.map(describe).join(' or ')} (got ${show(last.data)})`;
}

function wordError(e: ErrorObject): string {
  const field = fieldName(e.instancePath);
  const params = e.params as Record<string, unknown>;
  const parent = e.parentSchema as JsonSchema | undefined;
  switch (e.keyword) {
    case 'type':
      return `${field} must be ${describeType(parent ?? { type: String(params.type) })} (got ${show(e.data)})`;
    case 'enum':
      return `${field} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')} (got ${show(e.data)})`;
    case 'minimum':
      return `${field} must be at least ${params.limit} (got ${show(e.data)})`;
    case 'maximum':
      return `${field} must be at most ${params.limit} (got ${show(e.data)})`;
    case 'exclusiveMinimum':
      return `${field} must be greater than ${params.limit} (got ${show(e.data)})`;
    case 'minLength':
      return `${field} must not be empty`;
    case 'minItems':
      return `${field} must have at least ${params.limit} item(s) (got ${(e.data as unknown[]).length})`;
    case 'maxItems':
      return `${field} must have at most ${params.limit} item(s) (got ${(e.data as unknown[]).length})`;
    case 'required':
      return `${field} is missing the required field "${join(e.instancePath, String(params.missingProperty))}"`;
    case 'additionalProperties': {
      const allowed = Object.keys(parent?.properties ?? {}).join(', ');
      return `unknown field "${join(e.instancePath, String(params.additionalProperty))}" (allowed: ${allowed})`;
    }
    default:
      return `${field} ${e.message ?? 'is invalid'}`;
  }
}

/** "/input/mean/1" -> "input.mean[1]"; the root is "the configuration". */
function fieldName(instancePath: string): string {
  if (instancePath === '') return 'the configuration';
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

function join(instancePath: string, name: string): string {
  return instancePath === '' ? name : `${fieldName(instancePath)}.${name}`;
}

function hasType(value: unknown, type: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return false;
  }
}

/** A branch of an anyOf: its title when it has one ("{"shorter": N}"), else its type. */
function describe(schema: JsonSchema): string {
  return typeof schema.title === 'string' ? schema.title : describeType(schema);
}

function describeType(schema: JsonSchema): string {
  if (schema.type === 'array') return schema.items?.type ? `an array of ${schema.items.type}s` : 'an array';
  const type = typeof schema.type === 'string' ? schema.type : 'value';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
