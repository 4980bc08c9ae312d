/**
 * The last explanation's layers on the inspector's boxes: a layer belongs to the box holding the node that
 * writes its tensor (LayerRecord.name is the original model's tensor name, `node` its node). A block shows its
 * last layer (what leaves the block) and the worst gap among its layers. The colour weight is |gap| relative to
 * the largest |sum| of any layer: 0 where the layer conserves, 1 where its whole relevance went missing.
 */
import type { InspectorLayer, ModelStructure } from '../../src/protocol';
import type { GraphBox } from './graphBlocks';

export interface BoxRelevance {
  /** The layer a click opens in the explanation's table. */
  layer: string;
  sum: number;
  gap?: number;
  /** 0..1 from |gap|; undefined when the method conserves nothing (no gap). */
  weight?: number;
}

export function boxRelevance(nodes: ModelStructure['graph']['nodes'], boxes: readonly GraphBox[], layers: readonly InspectorLayer[]): (BoxRelevance | undefined)[] {
  const boxOfTensor = new Map<string, number>();
  const boxOfNode = new Map<string, number>();
  boxes.forEach((b, i) =>
    b.members.forEach((m) => {
      boxOfNode.set(nodes[m].name, i);
      for (const o of nodes[m].outputs) boxOfTensor.set(o, i);
    }),
  );
  const scale = Math.max(0, ...layers.map((l) => Math.abs(l.sum)));
  const out: (BoxRelevance | undefined)[] = boxes.map(() => undefined);
  for (const l of layers) {
    const i = boxOfTensor.get(l.name) ?? boxOfNode.get(l.node);
    if (i === undefined) continue;
    const prev = out[i];
    const worst = prev?.gap !== undefined && (l.gap === undefined || Math.abs(prev.gap) > Math.abs(l.gap)) ? prev.gap : l.gap;
    out[i] = { layer: l.name, sum: l.sum, ...(worst !== undefined && { gap: worst, weight: scale > 0 ? Math.min(1, Math.abs(worst) / scale) : 0 }) };
  }
  return out;
}
