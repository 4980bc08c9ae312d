/**
 * Issue 14's rows: 256 images of 224x224 through runFolder (batched, decoded, results written) against the same
 * images explained one by one through Engine.explain (each call's wall time: decode, the preset check, forward,
 * layer table, method), both in this process; the aim is batching at least 1.5x the single-image throughput on
 * 2 cores. Beside it, the ratio to the single call's forward + method run alone (its timings), the part batching
 * competes with directly. And the
 * clustering of 1000 stored-size maps (64x64, two groups) by SpRAy, aim under 5 s.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { sprayClass } from '../../src/analysis/spray';
import { runFolder } from '../../src/dataset/runFolder';
import { Engine } from '../../src/engine/engine';
import type { MethodName, MethodParams } from '../../src/protocol';
import { createRng } from '../../src/util/random';
import { fixture } from '../helpers/fixtures';

const IMAGES = 256;
/** Images timed through the single-image path (its time per image is steady after warming). */
const SINGLE = 32;
const PHOTOS = ['astronaut_224.png', 'darknet_dog_224.png', 'darknet_eagle_224.png', 'rocket_224.png', 'winml_fish_224.png', 'winml_kitten_224.png'];
const CASES: { label: string; method: MethodName; params: MethodParams }[] = [
  { label: 'gradient', method: 'gradient', params: {} },
  { label: 'lrp epsilon-plus-flat', method: 'lrp', params: { composite: 'epsilon-plus-flat' } },
];

/** 256 distinct 224x224 images: crops of the fixture photos at seeded offsets and sizes, some mirrored. */
async function makeFolder(dir: string): Promise<string[]> {
  const rng = createRng(14);
  const paths: string[] = [];
  for (let i = 0; i < IMAGES; i++) {
    const side = 150 + Math.floor(rng.uniform() * 74);
    const left = Math.floor(rng.uniform() * (224 - side));
    const top = Math.floor(rng.uniform() * (224 - side));
    let s = sharp(fixture('images', PHOTOS[i % PHOTOS.length])).removeAlpha().extract({ left, top, width: side, height: side }).resize(224, 224);
    if (rng.uniform() < 0.5) s = s.flop();
    const rel = `class${i % 4}/img${i}.png`;
    mkdirSync(join(dir, `class${i % 4}`), { recursive: true });
    await s.png().toFile(join(dir, rel));
    paths.push(rel);
  }
  return paths;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function benchDataset(m: { name: string; model: string }, withClustering: boolean): Promise<string[][]> {
  const root = mkdtempSync(join(tmpdir(), 'explain-bench-dataset-'));
  const rows: string[][] = [];
  try {
    const folder = join(root, 'images');
    const paths = await makeFolder(folder);
    const engine = new Engine();
    const model = { path: m.model };
    for (const c of CASES) {
      const request = { model, method: c.method, params: c.params };
      // Warm both paths (sessions made, graph compiled) before either is timed.
      for (let i = 0; i < 3; i++) await engine.explain({ ...request, image: { path: join(folder, paths[i]) } });
      await runFolder(engine, { ...request, folder, out: join(root, `warm-${c.label}`), shard: { index: 0, count: 32 } });
      const single: number[] = [];
      const core: number[] = [];
      for (let i = 0; i < SINGLE; i++) {
        const t = performance.now();
        const { timings } = await engine.explain({ ...request, image: { path: join(folder, paths[i]) } });
        single.push(performance.now() - t);
        core.push(timings.forwardMs + timings.runMs);
      }
      const perImage = median(single);
      const corePerImage = median(core);
      const summary = await runFolder(engine, { ...request, folder, out: join(root, c.label) });
      const ips = summary.explained / summary.seconds;
      const ratio = ips / (1000 / perImage);
      const coreRatio = ips / (1000 / corePerImage);
      rows.push([
        m.name,
        `folder: ${c.label}, ${IMAGES} images (batch ${summary.batch})`,
        String(summary.explained),
        ((1000 * summary.seconds) / summary.explained).toFixed(1),
        `${ratio.toFixed(2)} x single`,
        '',
        `${ratio >= 1.5 ? 'met' : 'missed'} (>= 1.5x the single-image path's ${(1000 / perImage).toFixed(1)} images/s: ${ips.toFixed(1)} images/s; ` +
          `${coreRatio.toFixed(2)}x its forward + run alone, ${(1000 / corePerImage).toFixed(1)} images/s; peak ${(summary.peakBytes / 2 ** 20).toFixed(0)} MB)`,
      ]);
    }
    await engine.clearCache();
    if (withClustering) rows.push(benchClustering());
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return rows;
}

/** 1000 maps of the stored size: a quarter with a blob in a corner, the rest at the centre, jittered, over noise. */
function benchClustering(): string[] {
  const rng = createRng(1);
  const size = 64;
  const members = Array.from({ length: 1000 }, (_, i) => {
    const corner = i % 4 === 0;
    const x0 = (corner ? 8 : 32) + rng.normal() * 2;
    const y0 = (corner ? 8 : 32) + rng.normal() * 2;
    const data = new Float32Array(size * size);
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) data[y * size + x] = Math.exp(-((x - x0) ** 2 + (y - y0) ** 2) / 50) + 0.05 * rng.normal();
    return { path: `${corner ? 'corner' : 'centre'}/${i}`, map: { data, width: size, height: size } };
  });
  const t = performance.now();
  const r = sprayClass(0, 'bench', members);
  const ms = performance.now() - t;
  const pure = r.clusters.every((c) => new Set(c.members.map((p) => p.split('/')[0])).size === 1);
  return ['spray', `clustering 1000 maps (64x64 -> 32x32)`, '1000', ms.toFixed(0), '', '', `${ms < 5000 ? 'met' : 'missed'} (< 5 s); ${r.clusters.length} clusters suggested, ${pure ? 'none mixing the two groups' : 'some mixing the two groups'}`];
}
