/**
 * SpRAy's parts: the symmetric eigen solver against known spectra, the sparse solver against the dense one (and
 * repeated eigenvalues of a graph in pieces), and the whole analysis on synthetic maps: a blob at the centre vs
 * a blob in a corner is two clusters, found by the eigengap, with the corner's members in one of them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { knnGraph } from '../../../src/analysis/knnGraph';
import { kmeans } from '../../../src/analysis/kmeans';
import { laplacianEigen } from '../../../src/analysis/laplacianEigen';
import { symmetricEigen } from '../../../src/analysis/symmetricEigen';
import { eigengap, normalizeMap, sprayClass } from '../../../src/analysis/spray';
import type { ScalarMap } from '../../../src/render/colormap';
import { createRng } from '../../../src/util/random';

describe('symmetricEigen', () => {
  it('gives a path graph\'s Laplacian its known spectrum 2 - 2 cos(pi k / n)', () => {
    const n = 40;
    const L = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      L[i * n + i] = i === 0 || i === n - 1 ? 1 : 2;
      if (i > 0) L[i * n + i - 1] = L[(i - 1) * n + i] = -1;
    }
    const { values } = symmetricEigen(L, n);
    values.forEach((v, k) => assert.ok(Math.abs(v - (2 - 2 * Math.cos((Math.PI * k) / n))) < 1e-12, `eigenvalue ${k}: ${v}`));
  });

  it('returns orthonormal eigenvectors: A v = lambda v on a random matrix', () => {
    const n = 60;
    const rng = createRng(3);
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) A[i * n + j] = A[j * n + i] = rng.normal();
    const { values, vectors } = symmetricEigen(A, n);
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += A[i * n + j] * vectors[k * n + j];
        assert.ok(Math.abs(s - values[k] * vectors[k * n + i]) < 1e-11);
      }
      for (let m = 0; m <= k; m++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += vectors[k * n + i] * vectors[m * n + i];
        assert.ok(Math.abs(dot - (m === k ? 1 : 0)) < 1e-12);
      }
    }
  });
});

/** Unit rows: `groups` clouds of points around random centres. */
function clouds(groups: number, each: number, dim: number, spread: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const centres = Array.from({ length: groups }, () => Array.from({ length: dim }, () => rng.normal()));
  const out = new Float32Array(groups * each * dim);
  for (let g = 0; g < groups; g++) {
    for (let e = 0; e < each; e++) {
      const row = centres[g].map((c) => c + spread * rng.normal());
      const norm = Math.hypot(...row);
      out.set(row.map((v) => v / norm), (g * each + e) * dim);
    }
  }
  return out;
}

describe('laplacianEigen', () => {
  it('agrees with the dense solver on a graph too large for it by default', () => {
    const n = 500;
    const g = knnGraph(clouds(4, n / 4, 16, 0.8, 1), n, 16, 8);
    const sparse = laplacianEigen(g, 6);
    const dense = laplacianEigen(g, 6, { dense: true });
    sparse.values.forEach((v, k) => assert.ok(Math.abs(v - dense.values[k]) < 1e-7, `eigenvalue ${k}: ${v} vs ${dense.values[k]}`));
    // The same eigenvectors up to sign, where their eigenvalues are apart from their neighbours'.
    for (let k = 0; k < 5; k++) {
      const apart = (k === 0 || dense.values[k] - dense.values[k - 1] > 1e-3) && dense.values[k + 1] - dense.values[k] > 1e-3;
      if (!apart) continue;
      let dot = 0;
      for (let i = 0; i < n; i++) dot += sparse.vectors[k][i] * dense.vectors[k][i];
      assert.ok(Math.abs(Math.abs(dot) - 1) < 1e-6, `eigenvector ${k}: |cos| ${Math.abs(dot)}`);
    }
  });

  it('finds every zero eigenvalue of a graph in three pieces', () => {
    const n = 450;
    const g = knnGraph(clouds(3, n / 3, 16, 0.05, 2), n, 16, 5);
    for (const dense of [true, false]) {
      const { values } = laplacianEigen(g, 5, { dense });
      assert.ok(values.slice(0, 3).every((v) => Math.abs(v) < 1e-8), `dense ${dense}: ${values}`);
      assert.ok(values[3] > 1e-3, `dense ${dense}: the fourth ${values[3]}`);
      assert.equal(eigengap(values, 4), 3);
    }
  });
});

describe('kmeans', () => {
  it('is the same for the same seed, and separates two clumps', () => {
    const rng = createRng(5);
    const points = Array.from({ length: 40 }, (_, i) => Float64Array.from([i < 20 ? 0 : 5, 0].map((c) => c + rng.normal() * 0.3)));
    const a = kmeans(points, 2, 7);
    assert.deepEqual(a, kmeans(points, 2, 7));
    assert.deepEqual(a, points.map((_, i) => (i < 20 ? 0 : 1)));
  });
});

/** A size x size map with a Gaussian blob at (cx, cy), jittered, over faint noise. */
function blobMap(size: number, cx: number, cy: number, rng: ReturnType<typeof createRng>): ScalarMap {
  const data = new Float32Array(size * size);
  const x0 = cx + rng.normal() * 1.5;
  const y0 = cy + rng.normal() * 1.5;
  const sigma = size / 10 + rng.uniform();
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) data[y * size + x] = Math.exp(-((x - x0) ** 2 + (y - y0) ** 2) / (2 * sigma ** 2)) + 0.05 * rng.normal();
  return { data, width: size, height: size };
}

describe('sprayClass', () => {
  const size = 48;
  const rng = createRng(11);
  // Interleaved, so that the clusters cannot come from the input order.
  const members = Array.from({ length: 40 }, (_, i) => {
    const corner = i % 3 === 0;
    return { path: `${corner ? 'corner' : 'centre'}_${i}.png`, map: corner ? blobMap(size, 5, 5, rng) : blobMap(size, size / 2, size / 2, rng) };
  });

  it('suggests two clusters for centre vs corner blobs and puts each group in its own', () => {
    const r = sprayClass(1, 'one', members);
    assert.equal(r.suggestedK, 2, `eigenvalues ${r.eigenvalues.map((v) => v.toFixed(3))}`);
    assert.equal(r.clusters.length, 2);
    const groups = r.clusters.map((c) => new Set(c.members.map((p) => p.split('_')[0])));
    assert.ok(groups.every((g) => g.size === 1), `mixed clusters: ${r.clusters.map((c) => c.members.join(' '))}`);
    // The corner cluster's mean map peaks in the corner, the other's at the centre.
    const corner = r.clusters.find((c) => c.members[0].startsWith('corner'))!;
    const peak = (m: number[]) => m.indexOf(Math.max(...m));
    const at = (i: number) => [i % r.width, Math.floor(i / r.width)];
    const [x, y] = at(peak(corner.mean));
    assert.ok(x < 8 && y < 8, `corner mean peaks at ${x},${y}`);
    const centre = r.clusters.find((c) => c !== corner)!;
    const [cx, cy] = at(peak(centre.mean));
    assert.ok(Math.abs(cx - 16) < 5 && Math.abs(cy - 16) < 5, `centre mean peaks at ${cx},${cy}`);
    // The embedding separates them along its axes.
    assert.equal(r.embedding.length, members.length);
    assert.equal(r.assignment.length, members.length);
  });

  it('finds one cluster when every map has its blob at the centre', () => {
    const same = Array.from({ length: 30 }, (_, i) => ({ path: `c${i}`, map: blobMap(size, size / 2, size / 2, rng) }));
    const r = sprayClass(0, 'zero', same, { maxClusters: 6 });
    assert.notEqual(r.suggestedK, 2, `eigenvalues ${r.eigenvalues.map((v) => v.toFixed(3))}`);
  });

  it('takes a fixed number of clusters and refuses nonsense options', () => {
    assert.equal(sprayClass(1, 'one', members, { clusters: 3 }).clusters.length, 3);
    assert.throws(() => sprayClass(1, 'one', members, { clusters: 0 }), /positive integer/);
    assert.throws(() => sprayClass(1, 'one', members, { side: 0 }), /positive integer/);
  });

  it('normalizes maps to unit length of their absolute values', () => {
    const m = normalizeMap({ data: Float32Array.from([3, -4, 0, 0]), width: 2, height: 2 }, 2);
    assert.deepEqual(Array.from(m.data), [0.6000000238418579, 0.800000011920929, 0, 0]);
  });

  it('makes a class of few members one cluster', () => {
    const r = sprayClass(2, 'two', members.slice(0, 3));
    assert.equal(r.clusters.length, 1);
    assert.equal(r.suggestedK, 1);
  });
});
