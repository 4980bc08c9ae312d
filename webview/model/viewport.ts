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

/** Low enough that a large original still fits a narrow panel whole. */
export const MIN_ZOOM = 0.05;
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

/** Wheel pixels per e-fold of zoom: a mouse notch (~100 px) zooms by ~1.28; a pinch (ctrl+wheel) by its small steps, finer. */
const WHEEL_PIXELS_PER_E = 400;
const PINCH_PIXELS_PER_E = 100;
/** Lines and pages of a wheel event in pixels (deltaMode 1 and 2, Firefox's and some mice's). */
const LINE_PIXELS = 33;
const PAGE_PIXELS = 400;

/**
 * The zoom factor of one wheel event: up (negative delta) enlarges. Trackpads report a pinch as a wheel event
 * with ctrlKey set and small deltas, so it zooms at a finer rate than a wheel's notches.
 */
export function wheelZoomFactor(deltaY: number, deltaMode: number, pinch: boolean): number {
  const pixels = deltaY * (deltaMode === 1 ? LINE_PIXELS : deltaMode === 2 ? PAGE_PIXELS : 1);
  return Math.exp(-pixels / (pinch ? PINCH_PIXELS_PER_E : WHEEL_PIXELS_PER_E));
}

/** The same view in a box `factor` times as large (the panel was resized): the same region stays in view. */
export function rescaleViewport(v: Viewport, factor: number): Viewport {
  return { zoom: clampZoom(v.zoom * factor), panX: v.panX * factor, panY: v.panY * factor };
}

/** The part of the image in view, in image pixels (it may reach past the image when zoomed out). */
export function visibleRegion(v: Viewport, boxWidth: number, boxHeight: number): { x: number; y: number; width: number; height: number } {
  return { x: -v.panX / v.zoom, y: -v.panY / v.zoom, width: boxWidth / v.zoom, height: boxHeight / v.zoom };
}
