/**
 * Writes a result to a folder all at once: files go to a temporary sibling folder first and are moved in
 * only when every one of them was written, so a failure never leaves half a result behind.
 */
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ExplainResult, Layout, MetricsResult, Thumbnail } from '../protocol';
import { encodeNpy } from '../io/npy';
import { encodePng, renderHeatmapPngs } from '../render/png';
import { relevanceToRgba } from '../render/colormap';
import { randomizationSvg } from '../render/randomizationSvg';
import { faithfulnessSvg } from '../render/curvesSvg';
import sharp from 'sharp';

/** `extra`: keys the CLI adds beside the result's own (`repeat`). */
export function resultJson(r: ExplainResult, extra: object = {}): object {
  const { input, display, relevance, layers, cam, original, segmentation, ...rest } = r;
  void cam;
  void original;
  void input;
  void display;
  return {
    ...rest,
    relevanceShape: relevance.dims,
    // The labels themselves are segmentation.npy.
    ...(segmentation && { segmentation: { count: segmentation.count, width: segmentation.width, height: segmentation.height, description: segmentation.description } }),
    layers: layers.map((l) => ({ ...l, neurons: Array.from(l.neurons), activations: Array.from(l.activations) })),
    ...extra,
  };
}

/**
 * The layout of `r.relevance`: the input's when it has the input's shape; a class activation map
 * [1, 1, H, W] is NCHW whatever the model's layout.
 */
export function relevanceLayout(r: Pick<ExplainResult, 'relevance' | 'input' | 'layout'>): Layout {
  const same = r.relevance.dims.length === r.input.dims.length && r.relevance.dims.every((d, i) => d === r.input.dims[i]);
  return same ? r.layout : 'NCHW';
}

/** The metrics without the randomization's thumbnails (drawn in randomization.png), numbers only. */
function metricsJson(m: MetricsResult): object {
  if (!m.randomization) return m;
  const { original, steps, ...rest } = m.randomization;
  void original;
  return { ...m, randomization: { ...rest, steps: steps.map(({ map, ...s }) => (void map, s)) } };
}

function svgToPng(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg)).png().toBuffer();
}

async function thumbnailUri(t: Thumbnail): Promise<string> {
  const png = await encodePng(relevanceToRgba(t, { mode: 'absolute' }), t.width, t.height, 4);
  return `data:image/png;base64,${png.toString('base64')}`;
}

export async function writeResults(r: ExplainResult, outDir: string, extra: object = {}): Promise<string[]> {
  // overlay.png is drawn on the original image, so a crop or letterbox neither shifts nor stretches the map.
  const onOriginal = r.geometry && r.original ? { geometry: r.geometry, original: r.original } : undefined;
  const { heatmap, overlay } = await renderHeatmapPngs(r.relevance, relevanceLayout(r), r.display, { onOriginal });
  const files: [string, Uint8Array | string][] = [
    ['relevance.npy', encodeNpy(r.relevance.data, r.relevance.dims)],
    ['input.npy', encodeNpy(r.input.data, r.input.dims)],
    ['result.json', JSON.stringify(resultJson(r, extra), null, 1)],
    ...(r.cam ? [['cam.npy', encodeNpy(r.cam.data, r.cam.dims)] as [string, Uint8Array]] : []),
    // The black-box methods' features: each pixel's feature index (float32 holds them exactly), [H, W].
    ...(r.segmentation ? [['segmentation.npy', encodeNpy(Float32Array.from(r.segmentation.labels), [r.segmentation.height, r.segmentation.width])] as [string, Uint8Array]] : []),
    ['heatmap.png', heatmap],
    ['overlay.png', overlay],
  ];
  if (r.metrics) files.push(['metrics.json', JSON.stringify(metricsJson(r.metrics), null, 1)]);
  const title = `${r.method}: class ${r.target} "${r.label}"`;
  const f = r.metrics?.faithfulness;
  if (f) files.push(['faithfulness.png', await svgToPng(faithfulnessSvg(f, { title }))]);
  const rz = r.metrics?.randomization;
  if (rz) {
    const thumbnails = await Promise.all([rz.original, ...rz.steps.map((s) => s.map)].map(thumbnailUri));
    files.push(['randomization.png', await svgToPng(randomizationSvg(rz, { title: `${title}: randomization, original map first`, thumbnails }))]);
  }
  await mkdir(dirname(outDir), { recursive: true });
  const tmp = await mkdtemp(join(dirname(outDir), '.explain-tmp-'));
  try {
    for (const [name, data] of files) await writeFile(join(tmp, name), data);
    await mkdir(outDir, { recursive: true });
    for (const [name] of files) await rename(join(tmp, name), join(outDir, name));
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return files.map(([name]) => join(outDir, name));
}
