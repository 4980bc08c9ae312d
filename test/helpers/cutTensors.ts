/**
 * The layer outputs that every path from the input to the score goes through. Only these must carry the
 * whole conserved quantity: a branch of a residual block or of a Fire module holds only its share.
 */
import { readFileSync } from 'node:fs';
import { canonicalize, loadGraph } from '../../src/canonicalize';
import { pathNodes } from '../../src/compile/path';

const cache = new Map<string, Promise<Set<string>>>();

export function cutTensors(modelPath: string, dims: number[]): Promise<Set<string>> {
  const key = `${modelPath}|${dims.join('x')}`;
  let set = cache.get(key);
  if (!set) {
    set = compute(modelPath, dims);
    cache.set(key, set);
  }
  return set;
}

async function compute(modelPath: string, dims: number[]): Promise<Set<string>> {
  const g = (await canonicalize(await loadGraph(readFileSync(modelPath), modelPath), dims)).graph;
  const [input, output] = [g.inputs[0].name, g.outputs[0].name];
  const path = pathNodes(g, input, output);
  const reachesOutputWithout = (t: string) => {
    const live = new Set([input]);
    for (const n of path) if (n.inputs.some((i) => live.has(i))) for (const o of n.outputs) if (o && o !== t) live.add(o);
    return live.has(output);
  };
  return new Set(path.map((n) => n.outputs[0]).filter((t) => t === output || !reachesOutputWithout(t)));
}
