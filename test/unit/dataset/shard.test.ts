/** Sharding: every image in exactly one shard for any n, from a hash that is the same on every machine. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inShard, parseShard, pathHash } from '../../../src/dataset/shard';

// Paths as a dataset has them: class folders, nested folders, non-ASCII names, near-duplicates.
const PATHS = Array.from({ length: 300 }, (_, i) => `${['cat', 'dog', 'käfer', 'a/b'][i % 4]}/img_${i}.${i % 3 ? 'png' : 'jpg'}`);

describe('shards', () => {
  it('puts every image in exactly one shard for n = 1..7', () => {
    for (let n = 1; n <= 7; n++) {
      const counts = new Map<string, number>();
      for (let i = 0; i < n; i++) for (const p of PATHS) if (inShard(p, { index: i, count: n })) counts.set(p, (counts.get(p) ?? 0) + 1);
      assert.equal(counts.size, PATHS.length, `n = ${n}: every image in some shard`);
      assert.ok([...counts.values()].every((c) => c === 1), `n = ${n}: no image in two shards`);
    }
  });

  it('spreads the images about evenly', () => {
    const n = 7;
    const sizes = Array.from({ length: n }, (_, i) => PATHS.filter((p) => inShard(p, { index: i, count: n })).length);
    for (const s of sizes) assert.ok(s > PATHS.length / n / 2 && s < (2 * PATHS.length) / n, `shard sizes ${sizes}`);
  });

  it('hashes with FNV-1a over UTF-8, so every platform agrees', () => {
    // The published FNV-1a 32-bit test vectors.
    assert.equal(pathHash(''), 0x811c9dc5);
    assert.equal(pathHash('a'), 0xe40c292c);
    assert.equal(pathHash('foobar'), 0xbf9cf968);
    // UTF-8 bytes, not UTF-16 code units: "ä" is two bytes.
    assert.notEqual(pathHash('ä'), pathHash('\u00e4'.normalize('NFD')));
  });

  it('reads i/n and refuses what a scheduler could get wrong', () => {
    assert.deepEqual(parseShard('2/5'), { index: 2, count: 5 });
    assert.deepEqual(parseShard(' 0 / 1 '), { index: 0, count: 1 });
    assert.throws(() => parseShard('5/5'), /0\.\.4 for 5 shards .*--array=0-4/);
    assert.throws(() => parseShard('1/0'), /positive integer/);
    assert.throws(() => parseShard('1'), /i\/n/);
    assert.throws(() => parseShard('-1/3'), /i\/n/);
  });
});
