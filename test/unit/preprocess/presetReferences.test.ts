/**
 * Every preset and filter against torchvision's transforms on PIL images (test/fixtures/preprocess, made by
 * make_references.py): the 8-bit image ToTensor receives, compared in full, exact for nearest and for no
 * resize, within one level (1/255 in 0..1 units) for the other filters; and for a few cases the normalised
 * tensor itself.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { resolvePreprocessing } from '../../../src/config/inputShape';
import { decodeImage } from '../../../src/preprocess/image';
import type { Preprocessing, PreprocessingConfig } from '../../../src/protocol';
import { fixture } from '../../helpers/fixtures';
import { readNpz } from '../../helpers/npz';

interface Case {
  image: string;
  width: number;
  height: number;
  channels: 'RGB' | 'gray';
  input: PreprocessingConfig;
}

const { cases } = JSON.parse(readFileSync(fixture('preprocess', 'cases.json'), 'utf8')) as { cases: Record<string, Case> };
const references = readNpz(fixture('preprocess', 'references.npz'));

function imagePath(name: string): string {
  const local = fixture('preprocess', name);
  return existsSync(local) ? local : fixture('images', name);
}

/** Largest difference in 8-bit levels between our model-input pixels and torchvision's. */
function preprocessingOf(c: Case): Preprocessing {
  return resolvePreprocessing(c.input, [1, c.channels === 'gray' ? 1 : 3, c.height, c.width]);
}

async function measure(name: string, c: Case): Promise<{ levels: number; tensor?: number; exact: boolean }> {
  const gray = c.channels === 'gray';
  const pre = preprocessingOf(c);
  const decoded = await decodeImage(imagePath(c.image), pre);
  const expected = references.get(`pixels__${name}`);
  assert.ok(expected, name);
  assert.deepEqual(expected.shape, [c.height, c.width, gray ? 1 : 3]);
  let levels = 0;
  const perPixel = gray ? 1 : 3;
  for (let p = 0; p < c.width * c.height; p++) {
    for (let k = 0; k < perPixel; k++) {
      levels = Math.max(levels, Math.abs(decoded.display.data[p * 3 + k] - expected.data[p * perPixel + k]));
    }
  }
  let tensor: number | undefined;
  const expectedTensor = references.get(`tensor__${name}`);
  if (expectedTensor) {
    assert.deepEqual([1, ...expectedTensor.shape], decoded.tensor.dims);
    tensor = 0;
    for (let i = 0; i < expectedTensor.data.length; i++) tensor = Math.max(tensor, Math.abs(decoded.tensor.data[i] - expectedTensor.data[i]));
  }
  const noResize = decoded.geometry.sourceWidth === c.width && decoded.geometry.sourceHeight === c.height && pre.resize === 'stretch';
  return { levels, tensor, exact: pre.interpolation === 'nearest' || noResize };
}

const measured: string[] = [];

for (const [name, c] of Object.entries(cases)) {
  test(`preprocessing matches torchvision: ${name}`, async () => {
    const { levels, tensor, exact } = await measure(name, c);
    measured.push(`${name}: ${levels} level(s)${tensor === undefined ? '' : `, tensor ${tensor.toExponential(2)}`}`);
    // Measured exact everywhere (the issue allows 1/255 for bilinear and bicubic): keep it so.
    void exact;
    assert.ok(levels === 0, `${name}: max difference ${levels} levels (${(levels / 255).toFixed(4)} in 0..1 units)`);
    if (tensor !== undefined) {
      // One level divided by the smallest std, plus float32 rounding.
      const pre = preprocessingOf(c);
      const std = Math.min(...pre.std);
      const scale = pre.scale;
      assert.ok(tensor <= (exact ? 0 : scale) / std + 1e-5, `${name}: tensor max difference ${tensor}`);
    }
  });
}

test('measured differences (printed for the record)', () => {
  console.log(measured.sort().join('\n'));
  assert.equal(measured.length, Object.keys(cases).length);
});
