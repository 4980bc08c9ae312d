/**
 * Messages between the extension host and the explanation panel's webview.
 * Lives here until the lead moves it into src/protocol.ts beside the worker messages.
 */
import type { ClassScore, LayerRecord, MethodName, Timings } from '../src/protocol';
import type { HeatmapMode } from '../src/render/colormap';
import type { CommandId } from './ids';

/** What the panel shows, in a form the serializer can re-run after a reload (no tensors). */
export interface ViewRequest {
  imagePath: string;
  method: MethodName;
  /** The class to explain; absent means the top-1 prediction. */
  target?: number;
}

/** Everything the webview persists with setState: enough to ask the host to explain again. */
export interface ViewState {
  requests: ViewRequest[];
}

/** How relevance is coloured: the engine's heatmap modes (src/render/colormap.ts), which the webview draws with. */
export type Colormap = HeatmapMode;

export type ViewLayer = Pick<LayerRecord, 'name' | 'op' | 'shape' | 'sum'>;

export interface ViewModelInfo {
  /** File name of the model, for the header. */
  name: string;
  /** True when no model is configured (or it may not be loaded) and the bundled default explains. */
  isDefault: boolean;
  /** Why this model was used when it was not the configured one (e.g. an untrusted workspace). */
  note?: string;
}

export interface ViewExplanation {
  request: ViewRequest;
  imageName: string;
  model: ViewModelInfo;
  method: MethodName;
  methodLabel: string;
  target: number;
  label: string;
  score: number;
  explained: string;
  top: ClassScore[];
  relevanceSum: number;
  completenessError?: number;
  layerQuantity: 'relevance' | 'gradient' | 'gradient-x-activation';
  /** The preprocessed image (RGB bytes) the model saw. */
  display: { data: Uint8Array; width: number; height: number };
  /** Relevance per pixel (summed over channels), row-major, same size as `display`. */
  heatmap: { data: Float32Array; width: number; height: number };
  layers: ViewLayer[];
  notes: string[];
  timings: Timings;
}

/** Commands the panel's buttons may run; the host runs nothing else on the view's behalf. */
export type ViewCommand = Extract<CommandId, 'explain.selectModel' | 'explain.switchMethod' | 'explain.chooseTarget' | 'explain.showOutput'> | 'explain.openSettings';

export type ToView =
  /** One explanation, or several of the same image side by side (Compare Methods). */
  | { type: 'show'; colormap: Colormap; explanations: ViewExplanation[] }
  | { type: 'status'; busy: boolean; text?: string; error?: boolean };

export type FromView =
  | { type: 'ready' }
  /** Sent after drawing, so the host (and its tests) know what the user actually sees. */
  | { type: 'rendered'; methods: MethodName[]; relevanceSums: number[]; renderMs: number }
  | { type: 'run'; command: ViewCommand };
