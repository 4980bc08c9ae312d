/**
 * Requests that come from the webview (its saved state after a reload, or a re-run it asks for) are
 * untrusted input: only well-formed ones are kept, and a re-run may only name an image already shown.
 */
import type { MethodName, MethodParams, MetricsRequest, ViewRequest } from '../../src/protocol';
import { METHODS, methodInfo } from '../methods';

/**
 * At most this many methods side by side (the view's compare layout is built for it). The Compare picker says
 * so and takes no more; a re-run asking for more is refused whole, never cut short.
 */
export const MAX_COMPARED = 4;

/**
 * Compared with the current method by default: maps that read well on an ordinary photo (where the class is,
 * and sharp, signed evidence), each a different family.
 */
export const COMPARE_DEFAULTS: readonly MethodName[] = ['grad-cam', 'integrated-gradients', 'lrp', 'smoothgrad'];

/** The Compare picker's starting selection: the current method, then defaults up to MAX_COMPARED. */
export function defaultCompared(current: MethodName): MethodName[] {
  return [current, ...COMPARE_DEFAULTS.filter((m) => m !== current)].slice(0, MAX_COMPARED);
}

export function validRequests(value: unknown): ViewRequest[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(
      (r): r is ViewRequest =>
        typeof r?.imagePath === 'string' &&
        methodInfo(r.method) !== undefined &&
        (r.target === undefined || (Number.isInteger(r.target) && r.target >= 0)) &&
        (r.params === undefined || isParams(r.params)) &&
        (r.metrics === undefined || isMetrics(r.metrics)),
    )
    .slice(0, MAX_COMPARED)
    .map((r) => ({ imagePath: r.imagePath, method: r.method, target: r.target, params: r.params, ...(r.metrics && { metrics: r.metrics }) }));
}

/** The order compared methods are shown in: the current one first, then the others in the method list's order. */
export function comparedOrder(current: MethodName, picked: readonly MethodName[]): MethodName[] {
  const order = (m: MethodName): number => (m === current ? -1 : METHOD_ORDER.indexOf(m));
  return [...picked].sort((a, b) => order(a) - order(b));
}

const METHOD_ORDER: readonly MethodName[] = METHODS.map((m) => m.name);

/** A re-run from the view: valid requests for the images the panel shows, or nothing (also when there are too many). */
export function rerunRequests(value: unknown, shown: readonly ViewRequest[]): ViewRequest[] {
  if (Array.isArray(value) && value.length > MAX_COMPARED) return [];
  const images = new Set(shown.map((r) => r.imagePath));
  const requests = validRequests(value);
  return requests.length > 0 && requests.every((r) => images.has(r.imagePath)) ? requests : [];
}

/**
 * Parameter values the view sets are numbers, strings and a baseline kind; a baseline image (a path the
 * engine would read) comes from the settings only.
 */
function isParams(p: unknown): p is MethodParams {
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return false;
  return Object.values(p).every((v) => v === undefined || isParamValue(v));
}

/** Metric options are plain numbers and names; the engine checks their values. */
function isMetrics(m: unknown): m is MetricsRequest {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return false;
  const { faithfulness, randomization, ...rest } = m as Record<string, unknown>;
  const flat = (o: unknown) => o === undefined || (typeof o === 'object' && o !== null && !Array.isArray(o) && Object.values(o).every((v) => typeof v === 'number' || typeof v === 'string'));
  return Object.keys(rest).length === 0 && flat(faithfulness) && flat(randomization);
}

function isParamValue(v: unknown): boolean {
  return (
    typeof v === 'number' ||
    typeof v === 'boolean' ||
    typeof v === 'string' ||
    (typeof v === 'object' && v !== null && typeof (v as { kind?: unknown }).kind === 'string' && (v as { kind: string }).kind !== 'image')
  );
}

/**
 * The parameters `method` reads, taken from `params` (the `explain.params.*` settings) to be kept with one
 * request, so each compared method carries its own and edits in the view stay with that method. Values a
 * request of the view may not carry (a baseline image, per-layer rules) stay with the settings, which every
 * run still merges under the request's own.
 */
export function requestParams(method: MethodName, params: MethodParams): MethodParams | undefined {
  const keys = methodInfo(method)?.params ?? [];
  const own = keys.filter((k) => params[k] !== undefined && isParamValue(params[k])).map((k) => [k, params[k]]);
  return own.length > 0 ? (Object.fromEntries(own) as MethodParams) : undefined;
}
