/**
 * The folder commands as a user meets them (node bin/explain.js in a child process): two shards into two
 * results folders, `explain report` merging them into one self-contained HTML report and a CSV of every image,
 * a partial merge saying which shard is missing, and one-line errors for what a user gets wrong.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { availableDevices } from '../../../src/onnx/devices';
import { runCli } from '../../helpers/cli';
import { fixture } from '../../helpers/fixtures';
import { MNIST, modelFile } from '../../helpers/models';

const tmp = mkdtempSync(join(tmpdir(), 'explain-cli-folder-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const folder = join(tmp, 'digits');
const IMAGES = ['0/a.png', '3/a.png', '5/a.png', '7/a.png', '7/b.png', '3/b.png'];
const SOURCES = ['mnist_wonnx_0_28.png', 'mnist_wonnx_3_28.png', 'mnist_wonnx_5_28.png', 'mnist_wonnx_7_28.png', 'winml_mnist_28.png', 'mnist_wonnx_3_28.png'];
before(() => {
  IMAGES.forEach((p, i) => {
    mkdirSync(join(folder, p, '..'), { recursive: true });
    copyFileSync(fixture('images', SOURCES[i]), join(folder, p));
  });
});
const cli = (args: string[]) => runCli(args, tmp);
const base = ['--folder', folder, '--model', modelFile(MNIST), '--method', 'lrp', '--composite', 'epsilon-plus-flat'];

describe('explain --folder and explain report', () => {
  it('runs two shards and merges them into one report and CSV', async () => {
    for (const i of [0, 1]) {
      const r = await cli([...base, '--out', join(tmp, `out${i}`), '--shard', `${i}/2`]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`images explained, 0 done before \\(shard ${i}/2\\)`));
    }
    const partial = await cli(['report', join(tmp, 'out0'), '--into', join(tmp, 'partial')]);
    assert.equal(partial.status, 0, partial.stderr);
    assert.match(partial.stdout, /shards MISSING: 1\/2/);
    const r = await cli(['report', join(tmp, 'out0'), join(tmp, 'out1'), '--into', join(tmp, 'report')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^${IMAGES.length} images from 2 folder\\(s\\), shards 0/2 1/2\\n`));
    const html = readFileSync(join(tmp, 'report', 'report.html'), 'utf8');
    for (const p of IMAGES) assert.ok(html.includes(p), `${p} in the report`);
    // Self-contained: every picture inline, nothing fetched.
    const sources = [...html.matchAll(/src="([^"]*)"/g)].map((m) => m[1]);
    assert.ok(sources.length >= 2 * IMAGES.length && sources.every((s) => s.startsWith('data:image/png;base64,')), 'every src a PNG data URI');
    assert.match(html, /epsilon-plus-flat/);
    const csv = readFileSync(join(tmp, 'report', 'results.csv'), 'utf8').trim().split('\r\n');
    assert.equal(csv[0], 'path,label,label_index,predicted,predicted_label,score,probability,correct,relevance_sum,cluster');
    assert.deepEqual(csv.slice(1).map((l) => l.split(',')[0]), [...IMAGES].sort());
    for (const line of csv.slice(1)) assert.equal(line.split(',')[1], line.split('/')[0], 'label = folder');
  });

  it('resumes: a second run of a shard explains nothing', async () => {
    const r = await cli([...base, '--out', join(tmp, 'out0'), '--shard', '0/2']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /: 0 images explained, \d+ done before/);
  });

  it('says in one line what is wrong', async () => {
    const cases: [string[], RegExp][] = [
      [['img.png', '--model', 'm.onnx', '--shard', '0/2'], /--shard applies to --folder runs only/],
      [[...base, '--shard', '2/2'], /shard index must be 0\.\.1/],
      [[...base, 'extra.png'], /give no image file besides it/],
      [[...base, '--target', '3'], /--target applies to one image/],
      [[...base, '--device', 'tpu'], /--device must be one of cpu, cuda, dml, coreml/],
      [['report'], /needs the results folder/],
      [['report', join(tmp, 'nothing-here')], /holds no index\.json/],
    ];
    if (!availableDevices().includes('cuda')) cases.push([[...base, '--out', join(tmp, 'cuda'), '--device', 'cuda'], /The cuda execution provider is not in this onnxruntime-node .*available: cpu/]);
    for (const [args, message] of cases) {
      const r = await cli(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });
});
