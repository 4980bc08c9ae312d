/**
 * Requests that come from the webview (its saved state after a reload, or a re-run it asks for) are
 * untrusted input: only well-formed ones are kept, and a re-run may only name an image already shown.
 */
import type { MethodParams, ViewRequest } from '../../src/protocol';
import { methodInfo } from '../methods';

/** At most this many methods side by side (the view's compare layout is built for it). */
export const MAX_COMPARED = 4;

export function validRequests(value: unknown): ViewRequest[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(
      (r): r is ViewRequest =>
        typeof r?.imagePath === 'string' &&
        methodInfo(r.method) !== undefined &&
        (r.target === undefined || (Number.isInteger(r.target) && r.target >= 0)) &&
        (r.params === undefined || isParams(r.params)),
    )
    .slice(0, MAX_COMPARED)
    .map((r) => ({ imagePath: r.imagePath, method: r.method, target: r.target, params: r.params }));
}

/** A re-run from the view: valid requests for the images the panel shows, or nothing. */
export function rerunRequests(value: unknown, shown: readonly ViewRequest[]): ViewRequest[] {
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
  return Object.values(p).every(
    (v) =>
      v === undefined ||
      typeof v === 'number' ||
      typeof v === 'string' ||
      (typeof v === 'object' && v !== null && typeof (v as { kind?: unknown }).kind === 'string' && (v as { kind: string }).kind !== 'image'),
  );
}
