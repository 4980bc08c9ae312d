/**
 * Zoom and pan of the image: screen pixels per image pixel and the image's offset in its box, and which image
 * pixel lies under the pointer (for the hover readout). Pure, tested under node.
 */
export interface Viewport {
  /** Screen pixels per image pixel. */
  zoom: number;
  /** Where the image's top-left corner sits in the box, in screen pixels. */
  panX: number;
  panY: number;
}

export const MIN_ZOOM = 0.25;
export const MAX_ZOOM = 64;

/** The whole image in the box, centred: a 28x28 MNIST digit becomes large, a 224x224 image about 1:1. */
export function fitViewport(width: number, height: number, boxWidth: number, boxHeight: number): Viewport {
  const zoom = clampZoom(Math.min(boxWidth / width, boxHeight / height));
  return { zoom, panX: (boxWidth - width * zoom) / 2, panY: (boxHeight - height * zoom) / 2 };
}

export function clampZoom(zoom: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

/** Zooms by `factor`, keeping the image point under (x, y) in the box where it is. */
export function zoomAt(v: Viewport, factor: number, x: number, y: number): Viewport {
  const zoom = clampZoom(v.zoom * factor);
  const k = zoom / v.zoom;
  return { zoom, panX: x - (x - v.panX) * k, panY: y - (y - v.panY) * k };
}

export function panBy(v: Viewport, dx: number, dy: number): Viewport {
  return { ...v, panX: v.panX + dx, panY: v.panY + dy };
}

/** The image pixel under box point (x, y), or undefined off the image. */
export function imagePixelAt(v: Viewport, x: number, y: number, width: number, height: number): { x: number; y: number } | undefined {
  const ix = Math.floor((x - v.panX) / v.zoom);
  const iy = Math.floor((y - v.panY) / v.zoom);
  return ix >= 0 && iy >= 0 && ix < width && iy < height ? { x: ix, y: iy } : undefined;
}
