/** The k-nearest-neighbour graph of unit vectors, symmetric (an edge where either end is among the other's k nearest), weight 1. */

export interface SparseGraph {
  n: number;
  /** CSR: the neighbours of i are neighbours[offsets[i] .. offsets[i + 1]). */
  offsets: Uint32Array;
  neighbours: Uint32Array;
}

/** `vectors`: n rows of `dim` values, each of unit length (so the squared distance is 2 - 2 a.b). */
export function knnGraph(vectors: Float32Array, n: number, dim: number, k: number): SparseGraph {
  const kk = Math.min(k, n - 1);
  const edges: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  // Every similarity once (the matrix is symmetric): half the dot products of row-by-row.
  const sim = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    const a = i * dim;
    sim[i * n + i] = -Infinity;
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      const b = j * dim;
      for (let t = 0; t < dim; t++) s += vectors[a + t] * vectors[b + t];
      sim[i * n + j] = s;
      sim[j * n + i] = s;
    }
  }
  for (let i = 0; i < n; i++) {
    // Most similar first; ties to the lower index, so the graph does not depend on the sort's stability.
    for (const j of topIndices(sim.subarray(i * n, (i + 1) * n), kk)) {
      edges[i].add(j);
      edges[j].add(i);
    }
  }
  const offsets = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + edges[i].size;
  const neighbours = new Uint32Array(offsets[n]);
  edges.forEach((set, i) => neighbours.set([...set].sort((x, y) => x - y), offsets[i]));
  return { n, offsets, neighbours };
}

function topIndices(v: Float32Array, k: number): number[] {
  const best: number[] = [];
  for (let j = 0; j < v.length; j++) {
    if (v[j] === -Infinity) continue;
    if (best.length === k && v[j] <= v[best[k - 1]]) continue;
    let p = best.length < k ? best.length : k - 1;
    best[p] = j;
    while (p > 0 && v[best[p - 1]] < v[best[p]]) {
      [best[p - 1], best[p]] = [best[p], best[p - 1]];
      p--;
    }
  }
  return best;
}
