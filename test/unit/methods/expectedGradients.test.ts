/**
 * Expected gradients against its definition and its axiom. With a folder of one image every sample's baseline
 * is that image, so the result must be (x - x0) times the mean plain gradient at x0 + alpha_i (x - x0), with the
 * alphas the seed draws (drawPathSamples), each gradient from the gradient method alone: integrated gradients
 * along that path with those points. Completeness in expectation: with the default blurred baselines the sum's
 * miss of f(x) - E[f(x0)] shrinks from 8 to 512 samples (three seeds each). Then: a seed repeats exactly at any
 * chunk size, another seed differs, and a bad folder is refused.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/engine/engine';
import { ExplainError } from '../../../src/errors';
import type { MethodParams } from '../../../src/protocol';
import { drawPathSamples } from '../../../src/methods/expectedGradients';
import { fixture } from '../../helpers/fixtures';
import { referencePairs, relativeMaxError } from '../../helpers/referencePairs';

const engine = new Engine();
const dir = mkdtempSync(join(tmpdir(), 'eg-'));
after(() => {
  engine.clearCache();
  rmSync(dir, { recursive: true, force: true });
});

const pair = referencePairs().find((p) => p.model === 'resnet_mini')!;
const model = { path: pair.modelPath };
const explain = (params: MethodParams) => engine.explain({ model, image: { tensor: pair.input }, method: 'expected-gradients', params, target: pair.target });

describe('expected gradients', () => {
  it('with one baseline image: (x - x0) times the mean gradient at the drawn points of the path', async () => {
    const folder = join(dir, 'one');
    const image = fixture('images', 'rocket_64.png');
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder);
    copyFileSync(image, join(folder, 'rocket.png'));
    writeFileSync(join(folder, 'notes.txt'), 'not an image');
    const params = { samples: 6, seed: 5, baselineFolder: folder };
    const x = pair.input.data;
    const x0 = (await engine.explain({ model, image: { path: image }, method: 'gradient', target: pair.target })).input.data;
    const mean = new Float64Array(x.length);
    const draws = drawPathSamples(params.samples, 1, params.seed);
    for (const { alpha } of draws) {
      const point = x.map((v, k) => x0[k] + alpha * (v - x0[k]));
      const g = (await engine.explain({ model, image: { tensor: { data: point, dims: pair.input.dims } }, method: 'gradient', target: pair.target })).relevance.data;
      for (let k = 0; k < x.length; k++) mean[k] += g[k] / draws.length;
    }
    const expected = mean.map((g, k) => g * (x[k] - x0[k]));
    const r = await explain(params);
    const err = relativeMaxError(r.relevance.data, expected);
    assert.ok(err <= 1e-5, `max |ours - definition| / max = ${err.toExponential(2)}`);
    if (process.env.EXPLAIN_TEST_VERBOSE) console.log(`one baseline: ${err.toExponential(2)} from the definition`);
    assert.ok(new Set(draws.map((d) => d.alpha)).size === draws.length && draws.every((d) => d.baseline === 0 && d.alpha >= 0 && d.alpha < 1));
    const f0 = (await engine.explain({ model, image: { path: image }, method: 'gradient', target: pair.target })).score;
    assert.ok(Math.abs(r.baselineScore! - f0) <= 1e-5 * Math.max(1, Math.abs(f0)), `baseline score ${r.baselineScore} vs f(x0) ${f0}`);
    assert.ok(r.notes.some((n) => /1 images of .*one; 1 of them drawn over 6 samples/.test(n)), r.notes.join(' | '));
  });

  it('completeness in expectation: the miss of f(x) - E[f(x0)] falls with more samples (default blurred baselines)', async () => {
    const miss = async (samples: number) => {
      let total = 0;
      for (const seed of [0, 1, 2]) {
        const r = await explain({ samples, seed });
        total += Math.abs(r.completenessError! / (r.score - r.baselineScore!)) / 3;
      }
      return total;
    };
    const [few, many] = [await miss(8), await miss(512)];
    if (process.env.EXPLAIN_TEST_VERBOSE) console.log(`mean |completeness error| / |f(x) - E f(x0)|: 8 samples ${few.toFixed(3)}, 512 samples ${many.toFixed(3)}`);
    assert.ok(many < 0.1, `512 samples: ${many}`);
    assert.ok(many < few / 2, `8 samples ${few}, 512 samples ${many}`);
  });

  it('repeats exactly with a seed, at any chunk size; another seed draws otherwise', async () => {
    const [a, b, c] = [await explain({ samples: 10, seed: 3, chunk: 1 }), await explain({ samples: 10, seed: 3, chunk: 4 }), await explain({ samples: 10, seed: 3, chunk: 4 })];
    assert.deepEqual(b.relevance.data, c.relevance.data);
    assert.ok(relativeMaxError(a.relevance.data, b.relevance.data) <= 1e-6);
    assert.ok(relativeMaxError((await explain({ samples: 10, seed: 4 })).relevance.data, b.relevance.data) > 1e-2);
    assert.ok(b.notes.some((n) => /blurred at sigma 1\.60, 3\.20, 6\.40, 12\.8 px/.test(n)), b.notes.join(' | '));
  });

  it('refuses a missing folder, a file, a folder without images, and a bad sample count', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    const refused = (params: MethodParams, pattern: RegExp) =>
      assert.rejects(explain(params), (e: ExplainError) => e.code === 'BAD_ARGUMENT' && pattern.test(e.message));
    await refused({ baselineFolder: join(dir, 'nowhere') }, /cannot be read/);
    await refused({ baselineFolder: fixture('images', 'rocket_64.png') }, /is a file, not a folder/);
    await refused({ baselineFolder: empty }, /has no images/);
    await refused({ samples: 0 }, /samples must be a positive integer/);
  });
});
