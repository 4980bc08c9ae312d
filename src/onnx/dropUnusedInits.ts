/**
 * Drops initializers no node reads (a graph output may be one). Folding BatchNormalization into a Conv
 * leaves the old weights behind (ResNet-18: 43 MB), and LRP rules make modified weights a backward then
 * flips (another 43 MB): every session built from such a graph would encode, parse and hold them at load.
 */
import type { IRGraph } from './ir';

export function dropUnusedInits(g: IRGraph): number {
  const read = new Set([...g.nodes.flatMap((n) => n.inputs), ...g.outputs.map((o) => o.name)]);
  let dropped = 0;
  for (const name of [...g.inits.keys()]) {
    if (!read.has(name)) {
      g.inits.delete(name);
      dropped++;
    }
  }
  return dropped;
}
