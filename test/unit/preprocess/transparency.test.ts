/**
 * The decoded image says whether transparency was flattened (the view notes it): only when a pixel is less
 * than opaque, not merely because the file has an alpha channel.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { resolvePreprocessing } from '../../../src/config/inputShape';
import { decodeImageBytes } from '../../../src/preprocess/image';

async function png(channels: 3 | 4, alphaAt?: number): Promise<Buffer> {
  const data = Buffer.alloc(8 * 8 * channels, 200);
  if (channels === 4) for (let p = 0; p < 64; p++) data[p * 4 + 3] = 255;
  if (alphaAt !== undefined) data[alphaAt * 4 + 3] = 10;
  return sharp(data, { raw: { width: 8, height: 8, channels } }).png().toBuffer();
}

test('transparency is reported as flattened only where a pixel was transparent', async () => {
  const pre = resolvePreprocessing({ preset: 'raw' }, [1, 3, 8, 8]);
  const flattened = async (bytes: Buffer) => (await decodeImageBytes(bytes, pre, 'x.png')).transparencyFlattened;
  assert.equal(await flattened(await png(3)), false, 'RGB');
  assert.equal(await flattened(await png(4)), false, 'RGBA, every pixel opaque');
  assert.equal(await flattened(await png(4, 27)), true, 'RGBA with one see-through pixel');
  const one = await decodeImageBytes(await png(4, 27), pre, 'x.png');
  // Composited onto black: 200 at alpha 10/255 is 7.8, whichever way the decoder rounds.
  for (const v of one.original.data.subarray(27 * 3, 27 * 3 + 3)) assert.ok(v === Math.floor((200 * 10) / 255) || v === Math.ceil((200 * 10) / 255), `flattened to ${v}`);
});
