/**
 * Constants a rule derives from a weight (a flipped kernel, a strided layer's phase kernels), kept across the
 * compiles of graphs that share weights: the randomization cascade compiles one graph per step, each step
 * changing one layer, and re-deriving every layer's kernels was its largest cost after the sessions
 * (ResNet-18: 4.8 s of 21 steps). Keyed by the weight's own array, so a replaced weight is derived anew; a
 * compile given no store derives every time and keeps nothing.
 */
export class DerivedConstants {
  private readonly byWeight = new WeakMap<object, Map<string, unknown>>();

  get<T>(weight: object, kind: string, derive: () => T): T {
    let kinds = this.byWeight.get(weight);
    if (!kinds) this.byWeight.set(weight, (kinds = new Map()));
    if (!kinds.has(kind)) kinds.set(kind, derive());
    return kinds.get(kind) as T;
  }
}

/** What a compile without a store uses: derives each time. */
export const deriveEveryTime = { get: <T>(_weight: object, _kind: string, derive: () => T): T => derive() };
