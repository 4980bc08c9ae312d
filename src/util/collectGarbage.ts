/**
 * A full garbage collection on demand. Compiling a large model's explanation graph leaves its weights in JS
 * arrays (ResNet-18 alpha-beta: 180 MB) until the next collection, and onnxruntime creates the session, the
 * process's peak (another ~2.5x the weights), before any collection can run: it blocks the thread. Collecting
 * between the two took the peak of ResNet-18's relevance methods from 1.28 GB to 0.98 GB.
 * V8 hands out its gc function only with --expose-gc, which an extension host cannot be started with: the flag
 * is set just long enough to take the function from a fresh context, then set back. Where that fails (a host
 * that forbids it), nothing is collected early: only memory is at stake, never a result.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

function obtain(): (() => void) | null {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return exposed;
  try {
    setFlagsFromString('--expose-gc');
    const fn = runInNewContext('gc') as unknown;
    return typeof fn === 'function' ? (fn as () => void) : null;
  } catch {
    return null;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}

export function collectGarbage(): void {
  if (gc === undefined) gc = obtain();
  gc?.();
}
