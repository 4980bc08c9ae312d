/**
 * How large the image is drawn and how many pictures stand side by side: as large as the panel allows, up to
 * MAX_UPSCALE times the image's own pixels (a tiny input, MNIST's 28x28, up to SMALL_SIDE on its longer side),
 * and side by side only while each picture keeps at least its own pixel size (or, when even one alone must
 * shrink, never: each picture then gets the whole width). Pure.
 */

/** Beyond twice its pixels an image shows nothing new, and the panel's other content moves out of view. */
export const MAX_UPSCALE = 2;
/** A tiny image may be enlarged further, to this on its longer side: 56 pixels of MNIST would show nothing. */
export const SMALL_SIDE = 224;
/** No picture gets smaller than this on its longer side, however narrow the panel. */
export const MIN_SIDE = 48;

export interface StageLayout {
  /** Screen pixels per image pixel when the whole image is in view. */
  scale: number;
  /** Pictures per row (1: stacked). */
  columns: number;
  /** Every picture's box, in CSS pixels. */
  boxWidth: number;
  boxHeight: number;
}

export interface StageRoom {
  /** The width all pictures of a row share, in CSS pixels. */
  width: number;
  /** The tallest a picture may be (the panel's height less what must stay in view with it). */
  height: number;
  /** Taken between two pictures of a row (gap, a card's border and padding). */
  gap: number;
}

/** The layout of `pictures` pictures of an image of `width` x `height` pixels in `room`. */
export function stageLayout(width: number, height: number, pictures: number, room: StageRoom): StageLayout {
  const longer = Math.max(width, height);
  const cap = Math.max(MAX_UPSCALE, SMALL_SIDE / longer);
  const fits = (columns: number): number =>
    Math.min(cap, (room.width - room.gap * (columns - 1)) / (columns * width), room.height / height);
  const alone = fits(1);
  let columns = Math.max(1, pictures);
  while (columns > 1 && fits(columns) < Math.min(1, alone)) columns--;
  const scale = Math.max(fits(columns), MIN_SIDE / longer);
  return { scale, columns, boxWidth: Math.floor(width * scale), boxHeight: Math.floor(height * scale) };
}
