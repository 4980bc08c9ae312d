/** The folder's images (recursive, the decoder's formats, hidden entries and the results folder left out) and ImageFolder labels. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { folderLabel, labelMatcher } from '../../../src/dataset/imageFolder';
import { listImages } from '../../../src/dataset/listImages';

const root = mkdtempSync(join(tmpdir(), 'explain-list-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('listImages', () => {
  it('lists the images below a folder, sorted, with "/" paths', async () => {
    for (const f of ['b/x.PNG', 'a/deep/y.jpeg', 'top.webp', 'a/notes.txt', '.hidden/z.png', 'a/.w.png', 'out/r.png', 'b/m.tiff', 'b/noext']) {
      mkdirSync(join(root, f, '..'), { recursive: true });
      writeFileSync(join(root, f), 'x');
    }
    assert.deepEqual(await listImages(root, [join(root, 'out')]), ['a/deep/y.jpeg', 'b/m.tiff', 'b/x.PNG', 'top.webp']);
  });

  it('names a missing folder and a file given as the folder', async () => {
    await assert.rejects(listImages(join(root, 'nope')), /Folder not found/);
    await assert.rejects(listImages(join(root, 'top.webp')), /is a file, not a folder/);
  });
});

describe('ImageFolder labels', () => {
  it('takes the top-level sub-folder as the class', () => {
    assert.equal(folderLabel('cat/1.png'), 'cat');
    assert.equal(folderLabel('cat/indoor/1.png'), 'cat');
    assert.equal(folderLabel('1.png'), undefined);
  });

  it('matches folder names to the model\'s labels', () => {
    const m = labelMatcher(['tench, Tinca tinca', 'golden retriever', 'Egyptian cat'], 3);
    assert.equal(m('golden_retriever'), 1);
    assert.equal(m('Egyptian-Cat'), 2);
    assert.equal(m('tinca tinca'), 0);
    assert.equal(m('dog'), undefined);
    // With labels, a number is a label's name, never an index.
    assert.equal(m('1'), undefined);
    const digits = labelMatcher(undefined, 10);
    assert.equal(digits('7'), 7);
    assert.equal(digits('10'), undefined);
  });
});
