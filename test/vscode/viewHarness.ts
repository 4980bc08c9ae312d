/**
 * The webview's script and stylesheet in a bare page, outside VS Code: a stand-in for acquireVsCodeApi
 * records what the view posts, and a synthetic explanation of any size can be shown. For the view benchmark
 * (viewBench.ts), where code-server's start-up and the engine would only add noise.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from './sandbox';

/** Writes the page next to the bundle's sources and returns its file URL. */
export function harnessPage(dir: string): string {
  const file = path.join(dir, 'view.html');
  const baseCss = path.join(REPO_ROOT, 'media', 'base.css');
  const css = path.join(REPO_ROOT, 'media', 'panel.css');
  const stageCss = path.join(REPO_ROOT, 'media', 'stage.css');
  const js = path.join(REPO_ROOT, 'dist', 'webview.js');
  fs.writeFileSync(
    file,
    `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><link href="file://${baseCss}" rel="stylesheet"><link href="file://${css}" rel="stylesheet"><link href="file://${stageCss}" rel="stylesheet">
<script>
  window.__posted = [];
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => {} });
</script></head>
<body><div id="status" role="status"></div><main id="root"></main><script src="file://${js}"></script></body></html>`,
  );
  return `file://${file}`;
}

export interface SyntheticSize {
  width: number;
  height: number;
  /** Neurons in the one large layer. */
  neurons: number;
  /** Layers of 64 neurons before it (default 1; SqueezeNet's table has 64 rows). */
  layers?: number;
}

/** Posts a `show` message with a made-up explanation (smooth signed relevance, one layer of `neurons` units). */
export async function showSynthetic(page: Page, size: SyntheticSize): Promise<void> {
  await page.evaluate((s) => {
    const pixels = s.width * s.height;
    const heat = new Float32Array(pixels);
    const image = new Uint8Array(pixels * 3);
    for (let y = 0; y < s.height; y++) {
      for (let x = 0; x < s.width; x++) {
        const p = y * s.width + x;
        heat[p] = Math.sin(x / 9) * Math.cos(y / 13) * (1 + (x % 7) / 7);
        image.fill((x * 255) / s.width, p * 3, p * 3 + 3);
      }
    }
    const small = s.layers ?? 1;
    const neurons = Float32Array.from({ length: s.neurons + 64 * small }, (_, i) => Math.sin(i * 12.9898) * 0.01);
    const activations = Float32Array.from({ length: s.neurons + 64 * small }, (_, i) => Math.abs(Math.cos(i)));
    const layer = (name: string, offset: number, count: number) => ({
      name, op: 'Conv', shape: [1, count, 1, 1], sum: 0.5, gap: 0, positive: 1, negative: -0.5, neuronOffset: offset, neuronCount: count,
    });
    const explanation = {
      request: { imagePath: '/tmp/synthetic.png', method: 'gradient' },
      imageName: 'synthetic.png',
      model: { name: 'synthetic.onnx', isDefault: false },
      method: 'gradient', methodLabel: 'Saliency (gradient)', params: {},
      target: 0, label: 'zero', score: 1, explained: 'A synthetic explanation.',
      top: [0, 1, 2, 3, 4].map((i) => ({ index: i, label: `class ${i}`, score: 5 - i, probability: 0.5 / (i + 1) })),
      relevanceSum: 1, layerQuantity: 'gradient',
      display: { data: image, width: s.width, height: s.height },
      heatmap: { data: heat, width: s.width, height: s.height },
      layers: [...Array.from({ length: small }, (_, i) => layer(i === 0 ? 'first' : `layer${i}`, 64 * i, 64)), layer('wide', 64 * small, s.neurons)],
      neurons, activations, notes: [],
      timings: { forwardMs: 1, compileMs: 0, runMs: 1, cached: true },
    };
    const methods = [{ name: 'gradient', label: 'Saliency (gradient)', description: 'Gradient.', defaults: {}, params: [] }];
    window.postMessage({ type: 'show', colormap: 'signed', methods, paramFields: [], explanations: [explanation], sentAt: Date.now() }, '*');
  }, size);
}
