/**
 * Spectral Relevance Analysis (Lapuschkin et al. 2019, "Unmasking Clever Hans predictors"): per class, the
 * relevance maps of the images explained as that class, downsampled and normalized, clustered spectrally
 * (k-NN affinity, symmetric normalized Laplacian, the eigengap to suggest how many clusters, k-means on the
 * spectral embedding). A cluster whose mean map sits away from the object (a corner, a border, a watermark) is
 * the model answering from something else than the object: the Clever-Hans signal.
 */
import { ExplainError } from '../errors';
import type { DatasetItem, SprayClass, SprayOptions } from '../protocol';
import type { ScalarMap } from '../render/colormap';
import { boxDownsample } from './downsample';
import { kmeans } from './kmeans';
import { knnGraph } from './knnGraph';
import { laplacianEigen } from './laplacianEigen';

export const SPRAY_DEFAULTS = { side: 32, maxClusters: 8, seed: 0 } as const;

/** Fewer members than this are one cluster: a k-NN graph of two or three maps says nothing. */
const MIN_MEMBERS = 4;

/** CoRelAy's preprocessing: the map downsampled, its absolute values, scaled to unit length (so distances compare where relevance lies, not how much). */
export function normalizeMap(map: ScalarMap, side: number): ScalarMap {
  const small = boxDownsample(map, side);
  const data = small.data.map(Math.abs);
  let norm = 0;
  for (const v of data) norm += v * v;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < data.length; i++) data[i] /= norm;
  return { data, width: small.width, height: small.height };
}

/**
 * Neighbours of the affinity by default: sqrt(n), at least 10 (fewer only in a class of 10 or fewer). Sparser
 * graphs spread the Laplacian's bulk eigenvalues apart, and their gaps outgrow the one after the true cluster
 * count: on 40 maps of two groups, 3 and 5 neighbours suggested 7 and 6 clusters, 10 suggested 2 (and 1 for one
 * group); on 1000, 32 neighbours doubled the gaps after the clusters' eigenvalues of 10's, in half the time.
 */
export function defaultNeighbours(n: number): number {
  return Math.min(n - 1, Math.max(10, Math.round(Math.sqrt(n))));
}

/** The number of clusters k in 1..maxK after which the ascending eigenvalues jump most: lambda_k - lambda_(k-1). */
export function eigengap(values: readonly number[], maxK: number): number {
  let best = 1;
  let gap = -Infinity;
  for (let k = 1; k <= Math.min(maxK, values.length - 1); k++) {
    if (values[k] - values[k - 1] > gap) {
      gap = values[k] - values[k - 1];
      best = k;
    }
  }
  return best;
}

export function sprayClass(target: number, label: string, members: { path: string; map: ScalarMap }[], opts: SprayOptions = {}): SprayClass {
  const side = opts.side ?? SPRAY_DEFAULTS.side;
  const maxK = opts.maxClusters ?? SPRAY_DEFAULTS.maxClusters;
  const seed = opts.seed ?? SPRAY_DEFAULTS.seed;
  if (!(Number.isInteger(side) && side >= 1)) throw new ExplainError('BAD_ARGUMENT', `The SpRAy map side must be a positive integer (got ${side}).`);
  if (!(Number.isInteger(maxK) && maxK >= 1)) throw new ExplainError('BAD_ARGUMENT', `The most clusters must be a positive integer (got ${maxK}).`);
  if (opts.clusters !== undefined && !(Number.isInteger(opts.clusters) && opts.clusters >= 1)) {
    throw new ExplainError('BAD_ARGUMENT', `The number of clusters must be a positive integer (got ${opts.clusters}).`);
  }
  const maps = members.map((m) => normalizeMap(m.map, side));
  const { width, height } = maps[0] ?? { width: 0, height: 0 };
  if (maps.some((m) => m.width !== width || m.height !== height)) throw new ExplainError('BAD_ARGUMENT', `The maps of class ${target} differ in size: explain the folder with one model and input size.`);
  const n = maps.length;
  const dim = width * height;
  const paths = members.map((m) => m.path);
  let eigenvalues: number[] = [];
  let suggestedK = 1;
  let assignment = new Array<number>(n).fill(0);
  let embedding: [number, number][] = paths.map(() => [0, 0]);
  if (n >= MIN_MEMBERS) {
    const flat = new Float32Array(n * dim);
    maps.forEach((m, i) => flat.set(m.data, i * dim));
    const graph = knnGraph(flat, n, dim, opts.neighbours ?? defaultNeighbours(n));
    const want = Math.min(n, Math.max(maxK, opts.clusters ?? 0) + 1);
    const eig = laplacianEigen(graph, want, { seed });
    eigenvalues = eig.values;
    suggestedK = eigengap(eigenvalues, Math.min(maxK, n - 1));
    const k = Math.min(opts.clusters ?? suggestedK, n);
    // Ng, Jordan and Weiss: each image's row of the first k eigenvectors, scaled to unit length.
    const rows = paths.map((_, i) => {
      const row = Float64Array.from({ length: k }, (_, j) => eig.vectors[j][i]);
      const norm = Math.hypot(...row) || 1;
      return row.map((v) => v / norm);
    });
    assignment = kmeans(rows, k, seed);
    // The plot: the first two non-trivial eigenvectors, divided by sqrt(degree) (the random walk's eigenvectors,
    // which are constant on a connected graph's trivial one, so nodes spread by structure, not by degree).
    const degree = (i: number) => Math.sqrt(graph.offsets[i + 1] - graph.offsets[i]);
    const axis = (j: number, i: number) => (eig.vectors[j] ? eig.vectors[j][i] / degree(i) : 0);
    embedding = paths.map((_, i) => [axis(1, i), axis(2, i)]);
  }
  const ids = [...new Set(assignment)].sort((a, b) => a - b);
  const clusters = ids.map((id) => {
    const inside = assignment.flatMap((c, i) => (c === id ? [i] : []));
    return { id, members: inside.map((i) => paths[i]), mean: meanOf(inside.map((i) => maps[i].data), dim) };
  });
  return { target, label, width, height, mean: meanOf(maps.map((m) => m.data), dim), eigenvalues, suggestedK, clusters, paths, embedding, assignment };
}

/** One analysis per class explained (DatasetItem.target), largest classes first; `mapOf` gives an item's stored map. */
export async function sprayByClass(items: DatasetItem[], mapOf: (item: DatasetItem) => Promise<ScalarMap>, opts: SprayOptions = {}): Promise<SprayClass[]> {
  const byClass = new Map<number, DatasetItem[]>();
  for (const item of items) byClass.set(item.target, [...(byClass.get(item.target) ?? []), item]);
  const classes = [...byClass.entries()].sort((a, b) => b[1].length - a[1].length || a[0] - b[0]);
  const out: SprayClass[] = [];
  for (const [target, members] of classes) {
    const maps = await Promise.all(members.map(async (m) => ({ path: m.path, map: await mapOf(m) })));
    out.push(sprayClass(target, members[0].targetLabel, maps, opts));
  }
  return out;
}

function meanOf(rows: Float32Array[], dim: number): number[] {
  const sum = new Float64Array(dim);
  for (const r of rows) for (let i = 0; i < dim; i++) sum[i] += r[i];
  return Array.from(sum, (s) => s / Math.max(rows.length, 1));
}
