/**
 * examples/web in real Chromium (playwright-core, Debian's /usr/bin/chromium): the page loads an explanation
 * exported with --export-preprocess into onnxruntime-web (its wasm from the npm package), and its relevance
 * for a fixture image's pixels equals the engine's in Node to 1e-4; an image chosen in the page's file input
 * is explained and drawn. The page and the package files come from a plain static file server on localhost.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Engine } from '../../src/engine/engine';
import { preprocessPixels } from '../../src/preprocess/image';
import type { MethodName, MethodParams } from '../../src/protocol';
import { fixture } from '../helpers/fixtures';
import { relDiff } from '../helpers/relDiff';

const ROOT = join(fixture(), '..', '..');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.onnx': 'application/octet-stream' };
const METHOD: MethodName = 'lrp';
const PARAMS: MethodParams = { composite: 'epsilon-plus' };
const MODEL = fixture('models', 'resnet_mini.onnx');
const IMAGE = fixture('images', 'astronaut_64.png');

const engine = new Engine();
const dir = mkdtempSync(join(tmpdir(), 'explain-web-'));
let server: Server;
let browser: Browser;
let page: Page;
const errors: string[] = [];

/** Files under the repository, and the exported model at /model/explained.onnx. */
function serve(): Promise<number> {
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path === '/model/explained.onnx' ? join(dir, 'explained.onnx') : join(ROOT, normalize(path));
    if (!file.startsWith(ROOT) && !file.startsWith(dir)) return void res.writeHead(403).end();
    if (!existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

before(async () => {
  await engine.exportExplained({ model: { path: MODEL }, method: METHOD, params: PARAMS, path: join(dir, 'explained.onnx'), preprocess: true });
  const port = await serve();
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`http://127.0.0.1:${port}/examples/web/index.html?model=/model/explained.onnx`);
  await page.waitForSelector('#status[data-state="ready"]', { timeout: 60_000 });
});

after(async () => {
  await browser?.close();
  server?.close();
  await engine.clearCache();
  rmSync(dir, { recursive: true, force: true });
});

describe('examples/web in Chromium', () => {
  it('gives the engine\'s relevance for the same pixels, to 1e-4', async (t) => {
    const { data, info } = await sharp(IMAGE).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const { config } = await engine.inspect({ path: MODEL });
    assert.deepEqual([info.width, info.height], [config.input.width, config.input.height], 'a fixture at the model\'s size: no resizing on either side');
    const input = preprocessPixels(new Uint8Array(data), info.width, info.height, 3, config.input);
    const node = await engine.explain({ model: { path: MODEL }, image: { tensor: input }, method: METHOD, params: PARAMS });
    const web = await page.evaluate((px) => (window as unknown as { explainPixels(p: number[]): Promise<{ explainedClass: number; relevance: number[] }> }).explainPixels(px), Array.from(data));
    assert.equal(web.explainedClass, node.target);
    const err = relDiff(web.relevance, node.relevance.data);
    t.diagnostic(`onnxruntime-web against the engine: ${err.toExponential(2)}`);
    assert.ok(err <= 1e-4, `onnxruntime-web against the engine: ${err}`);
    assert.deepEqual(errors, []);
  });

  it('explains an image chosen in the page and draws the overlay', async () => {
    await page.setInputFiles('#file', IMAGE);
    await page.waitForSelector('#status[data-state="done"]', { timeout: 60_000 });
    assert.match(await page.textContent('#status') ?? '', /^Class \d+ \(logit -?\d+\.\d+\), explained in \d+ ms\.$/);
    const tinted = await page.evaluate(() => {
      const c = document.getElementById('overlay') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let red = 0;
      for (let p = 0; p < d.length; p += 4) if (d[p] > d[p + 2] + 60) red++;
      return { width: c.width, red };
    });
    assert.equal(tinted.width, 64);
    assert.ok(tinted.red > 0, 'some pixels carry the red of evidence for the class');
    assert.deepEqual(errors, []);
  });
});
