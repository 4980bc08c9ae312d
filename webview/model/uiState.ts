/**
 * The view's own state across a tab switch (VS Code reloads a hidden webview's page): which result it belongs
 * to, and a check of what getState gave back, field by field, as for the display settings. Pure, tested under node.
 */
import type { ViewRequest, ViewUi } from '../../src/protocol';
import { LAYER_COLUMNS, type LayerQuery } from './layerGrid';

/** The saved state belongs to this result when it was saved for the same requests. */
export function sameRequests(a: readonly ViewRequest[] | undefined, b: readonly ViewRequest[]): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

export function sanitizeUi(saved: unknown, explanations: number): ViewUi | undefined {
  if (typeof saved !== 'object' || saved === null) return undefined;
  const s = saved as Partial<Record<keyof ViewUi, unknown>>;
  const index = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < explanations;
  const ui: ViewUi = { active: index(s.active) ? s.active : 0, scrollY: typeof s.scrollY === 'number' && s.scrollY >= 0 ? s.scrollY : 0 };
  const t = s.table as { open?: unknown; query?: Partial<Record<keyof LayerQuery, unknown>> } | undefined;
  if (typeof t === 'object' && t !== null) {
    const q = t.query ?? {};
    const column = LAYER_COLUMNS.find((c) => c.key === q.column)?.key;
    ui.table = {
      ...(typeof t.open === 'string' ? { open: t.open } : {}),
      query: { ...(column ? { column } : {}), descending: q.descending === true, filter: typeof q.filter === 'string' ? q.filter : '' },
    };
  }
  const n = s.neuron as { index?: unknown; layer?: unknown; channel?: unknown } | undefined;
  if (typeof n === 'object' && n !== null && index(n.index) && typeof n.layer === 'string' && typeof n.channel === 'number' && Number.isInteger(n.channel) && n.channel >= 0) {
    ui.neuron = { index: n.index, layer: n.layer, channel: n.channel };
  }
  return ui;
}
