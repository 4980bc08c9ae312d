/**
 * The batch size under a memory bound: estimated from the compiled graph's tensor sizes before the first
 * run, then corrected by what the process measurably holds after each batch (onnxruntime's arena, which
 * never shrinks, included).
 */
export const DEFAULT_MEMORY_BYTES = 2 * 2 ** 30;

/**
 * Peak memory grows with every image in a run, while on a CPU the time per image stops falling after a few (the
 * engine's chunks of 1 to 8 measured within noise of each other): a cap keeps a generous bound from buying nothing.
 */
export const MAX_BATCH = 16;

/**
 * Bytes one image adds to a compiled run: every tensor on the input's path (batch 1, float32) is kept for the
 * backward, and each gets a signal of its size plus a working buffer of the rule's (an LRP rule's modified forward).
 */
export function perImageBytes(shapes: Map<string, number[]>): number {
  let values = 0;
  for (const dims of shapes.values()) values += dims.reduce((a, b) => a * b, 1);
  return 3 * 4 * values;
}

export class BatchSizer {
  private size: number;

  /** `used`: what the process holds before the first batch (models loaded, sessions made). */
  constructor(
    readonly budget: number,
    perImage: number,
    used: number,
    readonly max: number,
  ) {
    this.size = clamp(Math.floor((budget - used) / Math.max(perImage, 1)), 1, max);
  }

  get current(): number {
    return this.size;
  }

  /** After a batch: halves the size while the process holds more than the budget (never below one image). */
  measured(residentBytes: number): number {
    if (residentBytes > this.budget && this.size > 1) this.size = Math.max(1, Math.floor(this.size / 2));
    return this.size;
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
