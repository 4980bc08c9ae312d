/**
 * What an explain command returns when it succeeds. A command run from a menu or the palette sends its return
 * value to the window as JSON, and JSON.stringify writes a typed array as an object with one key per element:
 * for one SqueezeNet result 8.7 MB, stringified on the extension host (~80 ms) and parsed and revived on the
 * window's main thread (~300 ms in code-server, where that thread also runs the webview) while the result is
 * on its way to the view. Nobody reads it there, so over that wire the outcome is its summary without
 * tensors; callers inside the extension host (tests, other extensions) get the results themselves.
 */
import type { ExplainResult, LayerRecord } from '../src/protocol';

export interface ExplainedOutcome {
  status: 'ok';
  results: ExplainResult[];
  /** What was wrong with the settings but did not stop the run (an unknown `explain.method`). */
  warnings?: string[];
}

/** A result as it crosses to the window: every field but the tensors. */
export type ResultSummary = Omit<ExplainResult, 'input' | 'display' | 'relevance' | 'cam' | 'layerMap' | 'layers'> & {
  layers: Omit<LayerRecord, 'neurons' | 'activations'>[];
};

export function explainedOutcome(results: ExplainResult[], warnings: string[] = []): ExplainedOutcome {
  const outcome: ExplainedOutcome = { status: 'ok', results, ...(warnings.length ? { warnings } : {}) };
  // Not enumerable: the outcome still looks like a plain { status, results } to its callers.
  Object.defineProperty(outcome, 'toJSON', { value: () => ({ ...outcome, results: results.map(summary) }) });
  return outcome;
}

export function summary({ input, display, relevance, cam, layerMap, layers, ...scalars }: ExplainResult): ResultSummary {
  return { ...scalars, layers: layers.map(({ neurons, activations, ...layer }) => layer) };
}
