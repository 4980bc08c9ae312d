/** 2-D points placed in a square plot (the SpRAy embedding, in the HTML report and the Dataset view). Pure. */

/** Points scaled into a square of `size` (y up, a margin of `margin`); a degenerate axis sits in the middle. */
export function scatterPoints(points: [number, number][], size: number, margin = 10): [number, number][] {
  if (points.length === 0) return [];
  const range = (k: 0 | 1) => {
    const vs = points.map((p) => p[k]);
    return [Math.min(...vs), Math.max(...vs)] as const;
  };
  const [x0, x1] = range(0);
  const [y0, y1] = range(1);
  const scale = (v: number, lo: number, hi: number) => (hi > lo ? margin + ((v - lo) / (hi - lo)) * (size - 2 * margin) : size / 2);
  return points.map(([x, y]) => [scale(x, x0, x1), size - scale(y, y0, y1)]);
}
