/**
 * Where a resize rule puts the model's input on an image of a given size (InputGeometry), with the
 * libraries' own rounding: torchvision's Resize(S) keeps int(S * long / short) for the longer side and its
 * CenterCrop starts at round((size - crop) / 2) (Python's round, half to even), padding with 0 first
 * when the crop is larger than the image.
 */
import type { InputGeometry, Preprocessing } from '../protocol';

export function inputGeometry(sourceWidth: number, sourceHeight: number, pre: Pick<Preprocessing, 'width' | 'height' | 'resize'>): InputGeometry {
  const { width, height, resize } = pre;
  const [resizedWidth, resizedHeight] = resizedSize(sourceWidth, sourceHeight, pre);
  const fit = resize === 'stretch' ? 'stretch' : typeof resize === 'object' && 'longer' in resize ? 'pad' : 'crop';
  return {
    sourceWidth,
    sourceHeight,
    resizedWidth,
    resizedHeight,
    left: windowStart(resizedWidth, width, fit),
    top: windowStart(resizedHeight, height, fit),
    width,
    height,
  };
}

function resizedSize(w: number, h: number, pre: Pick<Preprocessing, 'width' | 'height' | 'resize'>): [number, number] {
  const { resize } = pre;
  if (resize === 'stretch') return [pre.width, pre.height];
  if (resize === 'center-crop') {
    // Scaled to cover width x height: the side that needs the larger factor lands exactly.
    return pre.width / w >= pre.height / h
      ? [pre.width, Math.max(pre.height, Math.trunc((pre.width * h) / w))]
      : [Math.max(pre.width, Math.trunc((pre.height * w) / h)), pre.height];
  }
  if ('shorter' in resize) {
    const s = resize.shorter;
    return w <= h ? [s, Math.trunc((s * h) / w)] : [Math.trunc((s * w) / h), s];
  }
  const l = resize.longer;
  return w >= h ? [l, Math.max(1, Math.trunc((l * h) / w))] : [Math.max(1, Math.trunc((l * w) / h)), l];
}

/** The first resized pixel of the window: a centre crop, or (negative) the centring pad. */
function windowStart(resized: number, size: number, fit: 'stretch' | 'pad' | 'crop'): number {
  if (fit === 'stretch' || resized === size) return 0;
  if (resized < size) return -Math.floor((size - resized) / 2);
  return roundHalfEven((resized - size) / 2);
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Map from model-input coordinates to original-image coordinates: the original pixel a pixel centre of
 * the input falls on, or -1 where the input was padding.
 */
export function sourcePixelOf(g: InputGeometry, x: number, y: number): { x: number; y: number } | undefined {
  const rx = x + g.left;
  const ry = y + g.top;
  if (rx < 0 || ry < 0 || rx >= g.resizedWidth || ry >= g.resizedHeight) return undefined;
  return {
    x: Math.min(g.sourceWidth - 1, Math.floor(((rx + 0.5) * g.sourceWidth) / g.resizedWidth)),
    y: Math.min(g.sourceHeight - 1, Math.floor(((ry + 0.5) * g.sourceHeight) / g.resizedHeight)),
  };
}

/**
 * The model-input pixel that covers a pixel of the original shown at displayWidth x displayHeight (the
 * original may be shown scaled down), or undefined where the input does not reach (cropped away).
 */
export function inputPixelOf(
  g: InputGeometry,
  displayWidth: number,
  displayHeight: number,
  u: number,
  v: number,
): { x: number; y: number } | undefined {
  const x = inputColumnOf(g, displayWidth, u);
  const y = inputRowOf(g, displayHeight, v);
  return x >= 0 && y >= 0 ? { x, y } : undefined;
}

/** inputPixelOf's column alone (the mapping is separable): the input column over display column u, or -1. */
export function inputColumnOf(g: InputGeometry, displayWidth: number, u: number): number {
  return inputIndexOf(u, displayWidth, g.resizedWidth, g.left, g.width);
}

/** inputPixelOf's row alone: the input row over display row v, or -1. */
export function inputRowOf(g: InputGeometry, displayHeight: number, v: number): number {
  return inputIndexOf(v, displayHeight, g.resizedHeight, g.top, g.height);
}

function inputIndexOf(i: number, display: number, resized: number, start: number, size: number): number {
  // Centre of the display pixel in resized-image coordinates.
  const x = Math.floor(((i + 0.5) * resized) / display) - start;
  return x >= 0 && x < size ? x : -1;
}

/**
 * Where the model's input lies on the original shown at displayWidth x displayHeight, in that display's
 * pixels: exactly the display pixels whose centre falls inside are those inputPixelOf maps to the input. It
 * reaches past the image where the input was padded (letterbox) and lies inside it where the input was cropped.
 */
export function inputWindowOn(
  g: InputGeometry,
  displayWidth: number,
  displayHeight: number,
): { x: number; y: number; width: number; height: number } {
  const sx = displayWidth / g.resizedWidth;
  const sy = displayHeight / g.resizedHeight;
  return { x: g.left * sx, y: g.top * sy, width: g.width * sx, height: g.height * sy };
}
