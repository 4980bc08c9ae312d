/**
 * SLIC superpixels: CIELAB conversion against published values; on an image of four flat colour quadrants
 * no superpixel crosses a colour edge; on a photo about the asked number of superpixels, each one
 * 4-connected, none empty, the same every run.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { slicSegments, toLab } from '../../../../src/methods/features/slic';
import { decodeImage } from '../../../../src/preprocess/image';
import type { Preprocessing, Segmentation } from '../../../../src/protocol';
import { fixture } from '../../../helpers/fixtures';

function image(width: number, height: number, rgb: (x: number, y: number) => [number, number, number]) {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(rgb(x, y), 3 * (y * width + x));
  return { data, width, height };
}

function assertConnected(s: Segmentation): void {
  const seen = new Set<number>();
  const label = new Int32Array(s.labels.length).fill(-1);
  for (let start = 0; start < s.labels.length; start++) {
    if (label[start] >= 0) continue;
    const l = s.labels[start];
    assert.ok(!seen.has(l), `superpixel ${l} is in two pieces`);
    seen.add(l);
    const queue = [start];
    label[start] = l;
    while (queue.length) {
      const p = queue.pop()!;
      const x = p % s.width;
      for (const q of [x > 0 ? p - 1 : -1, x < s.width - 1 ? p + 1 : -1, p - s.width, p + s.width]) {
        if (q >= 0 && q < s.labels.length && label[q] < 0 && s.labels[q] === l) {
          label[q] = l;
          queue.push(q);
        }
      }
    }
  }
  assert.equal(seen.size, s.count, 'every label used');
}

describe('SLIC', () => {
  it('converts sRGB to CIELAB (D65) as published', () => {
    const lab = toLab(image(3, 1, (x) => [[255, 255, 255], [255, 0, 0], [0, 0, 255]][x] as [number, number, number]));
    const expected = [100, 0, 0, 53.24, 80.09, 67.2, 32.3, 79.19, -107.86];
    for (let i = 0; i < 9; i++) assert.ok(Math.abs(lab[i] - expected[i]) < 0.02, `${i}: ${lab[i]} vs ${expected[i]}`);
  });

  it('keeps flat colour regions apart', () => {
    const colours: [number, number, number][] = [[200, 30, 30], [30, 200, 30], [30, 30, 200], [220, 220, 40]];
    const img = image(40, 40, (x, y) => colours[(y < 17 ? 0 : 2) + (x < 23 ? 0 : 1)]);
    const s = slicSegments(img, 16);
    assertConnected(s);
    const colourOf = new Map<number, number>();
    for (let p = 0; p < s.labels.length; p++) {
      const c = (Math.floor(p / 40) < 17 ? 0 : 2) + (p % 40 < 23 ? 0 : 1);
      const known = colourOf.get(s.labels[p]);
      assert.ok(known === undefined || known === c, `superpixel ${s.labels[p]} crosses from colour ${known} to ${c}`);
      colourOf.set(s.labels[p], c);
    }
  });

  it('finds about N connected superpixels on a photo, the same every run', async () => {
    const pre: Preprocessing = { width: 64, height: 64, channels: 'RGB', layout: 'NCHW', scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1], resize: 'stretch' };
    const { display } = await decodeImage(fixture('images', 'astronaut_64.png'), pre);
    for (const n of [10, 50, 150]) {
      const s = slicSegments(display, n);
      assert.ok(s.count >= n / 2 && s.count <= n * 2, `slic:${n} gave ${s.count}`);
      assertConnected(s);
      assert.deepEqual(slicSegments(display, n).labels, s.labels);
      assert.match(s.description, new RegExp(`${s.count} SLIC superpixels \\(about ${n} asked, compactness 10\\)`));
    }
  });
});
