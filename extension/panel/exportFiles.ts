/**
 * What the view's exports are called and, for a neuron's own map, what they hold. No VS Code here, so names
 * and encodings are unit-tested; exporter.ts writes them into the workspace.
 */
import * as path from 'path';
import type { DisplaySettings, ExplainResult, ExportKind, NeuronExportKind, NeuronRef } from '../../src/protocol';
import { encodeNpy } from '../../src/io/npy';
import { renderHeatmapPngs } from '../../src/render/png';
import { hasNeuronMaps, neuronChannel } from '../../webview/model/neuronMap';

/** `<image>-<method>-class<target>`: the exports of one explanation sort together. */
export function exportStem(imagePath: string, result: Pick<ExplainResult, 'method' | 'target'>): string {
  return `${path.parse(imagePath).name}-${result.method}-class${result.target}`;
}

export function exportFileName(stem: string, what: ExportKind): string {
  return `${stem}-${what === 'json' ? 'result.json' : what === 'csv' ? 'layers.csv' : `${what}.png`}`;
}

/** `<stem>-<layer>-ch<channel>-overlay.png`, `...-heatmap.png`, `...-values.npy`. */
export function neuronFileName(stem: string, neuron: NeuronRef, what: NeuronExportKind): string {
  return `${stem}-${fileSafe(neuron.layer)}-ch${neuron.channel}-${what === 'npy' ? 'values.npy' : `${what}.png`}`;
}

const MAX_NAME = 80;

/**
 * A layer name as part of a file name. ONNX tensor names hold '/', ':' and more ("/features/0/Conv_output_0"),
 * which would make folders or be refused: every run of other characters becomes one '_'.
 */
export function fileSafe(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+|[._]+$/g, '');
  return safe.slice(0, MAX_NAME) || 'layer';
}

const NEURON_EXPORT_KINDS: readonly NeuronExportKind[] = ['overlay', 'heatmap', 'npy'];

/** The kind of neuron export the view asks for, if it is one (it ends up in a file name). */
export function neuronExportKind(value: unknown): NeuronExportKind | undefined {
  return NEURON_EXPORT_KINDS.find((k) => k === value);
}

/**
 * A neuron the view names, if the result has it: a channel of one of its feature-map layers. The view's
 * messages are untrusted input, and the layer's name ends up in a file name.
 */
export function validNeuron(result: Pick<ExplainResult, 'layers'>, value: unknown): NeuronRef | undefined {
  const n = value as Partial<NeuronRef> | undefined;
  const layer = typeof n?.layer === 'string' ? result.layers.find((l) => l.name === n.layer) : undefined;
  if (!layer || !hasNeuronMaps(layer.shape)) return undefined;
  const channel = n?.channel;
  return typeof channel === 'number' && Number.isInteger(channel) && channel >= 0 && channel < layer.shape[1] ? { layer: layer.name, channel } : undefined;
}

/**
 * One neuron's export from its layer's map ([C, h, w], ExplainResult.layerMap): its values at the layer's
 * resolution as float32 [h, w], or its map as the view draws it, upsampled to the image and coloured and
 * blended with the display settings.
 */
export async function neuronExport(
  layerMap: { data: Float32Array; dims: readonly number[] },
  channel: number,
  image: ExplainResult['display'],
  what: NeuronExportKind,
  display: DisplaySettings,
  on?: Pick<ExplainResult, 'geometry' | 'original'>,
): Promise<Uint8Array> {
  const own = neuronChannel(layerMap, channel);
  if (what === 'npy') return encodeNpy(own.data, [own.height, own.width]);
  return (await drawnPngs({ data: own.data, dims: [1, 1, own.height, own.width] }, 'NCHW', image, display, on))[what];
}

/**
 * A relevance map's overlay and heatmap PNGs as the view draws them with these display settings: the overlay
 * on the original image through the crop or letterbox when the result has one (as the view and the CLI draw it).
 */
export function drawnPngs(
  relevance: ExplainResult['relevance'],
  layout: Parameters<typeof renderHeatmapPngs>[1],
  image: ExplainResult['display'],
  display: DisplaySettings,
  on?: Pick<ExplainResult, 'geometry' | 'original'>,
): ReturnType<typeof renderHeatmapPngs> {
  const onOriginal = on?.geometry && on.original ? { geometry: on.geometry, original: on.original } : undefined;
  return renderHeatmapPngs(relevance, layout, image, { mode: display.colormap, percentile: display.percentile, opacity: display.opacity, onOriginal });
}
