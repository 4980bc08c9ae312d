/**
 * The "Can it be explained?" table from the engine's report: each op type on the path from the image to the
 * score, the methods that get through it and those it stops (with the engine's message), and the methods the
 * model stops as a whole (no feature map for CAM, a score that does not depend on the image...).
 */
import type { MethodCheck, ModelReport } from '../../src/protocol';

export interface OpSupportRow {
  op: string;
  count: number;
  /** Methods this op lets through (its own rule is there; another op may still stop them). */
  supports: MethodCheck[];
  /** Methods an op of this type stops, each with the error the engine gives. */
  blocks: MethodCheck[];
}

export interface OpSupport {
  rows: OpSupportRow[];
  /** Failed methods whose message names no op on the path. */
  modelBlocks: MethodCheck[];
  runnable: MethodCheck[];
}

export function opSupport(r: Pick<ModelReport, 'pathOps' | 'methods' | 'blockedBy'>): OpSupport {
  const byOp = new Map(r.blockedBy.map((b) => [b.op, new Set<string>(b.methods)]));
  const blockedAnywhere = new Set(r.blockedBy.flatMap((b) => b.methods));
  const rows = r.pathOps.map(({ op, count }): OpSupportRow => {
    const stops = byOp.get(op) ?? new Set<string>();
    return { op, count, supports: r.methods.filter((m) => !stops.has(m.method)), blocks: r.methods.filter((m) => stops.has(m.method)) };
  });
  return {
    rows,
    modelBlocks: r.methods.filter((m) => !m.ok && !blockedAnywhere.has(m.method)),
    runnable: r.methods.filter((m) => m.ok),
  };
}
