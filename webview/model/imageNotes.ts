/**
 * What the preprocessing did to the image, in words for the note under it: stretched out of its shape, cropped
 * (and how much the model saw), padded (letterbox), transparency flattened. Read from the engine's geometry,
 * which says exactly where the model's input lies on the original. Pure.
 */
import type { InputGeometry } from '../../src/protocol';

export function imageNotes(geometry: InputGeometry | undefined, transparencyFlattened: boolean): string[] {
  const notes: string[] = [];
  if (geometry) {
    const g = geometry;
    const source = `${g.sourceWidth}x${g.sourceHeight}`;
    if (stretched(g)) {
      notes.push(`Stretched: the ${source} image was resized to ${g.resizedWidth}x${g.resizedHeight} without keeping its shape, so the model saw it distorted; the map is drawn back on the original's shape.`);
    }
    const seen = seenFraction(g);
    if (seen < 1) {
      notes.push(`Cropped: the model saw the middle ${g.width}x${g.height} of the image resized to ${g.resizedWidth}x${g.resizedHeight}, ${percent(seen)} of it; the dimmed parts were cut away and carry no relevance.`);
    }
    if (g.left < 0 || g.top < 0) {
      notes.push(`Padded: the image was resized to ${g.resizedWidth}x${g.resizedHeight} and padded to ${g.width}x${g.height} (letterbox); the padding is outside the original and not drawn on it.`);
    }
  }
  if (transparencyFlattened) notes.push('Transparent pixels were flattened onto black before the model saw them.');
  return notes;
}

/** The resize changed the aspect ratio by more than a pixel's rounding. */
function stretched(g: InputGeometry): boolean {
  return Math.abs(g.resizedWidth - (g.sourceWidth * g.resizedHeight) / g.sourceHeight) > 1 && Math.abs(g.resizedHeight - (g.sourceHeight * g.resizedWidth) / g.sourceWidth) > 1;
}

/** The share of the resized image inside the model's input window. */
function seenFraction(g: InputGeometry): number {
  const span = (start: number, size: number, total: number) => Math.max(0, Math.min(total, start + size) - Math.max(0, start));
  return (span(g.left, g.width, g.resizedWidth) * span(g.top, g.height, g.resizedHeight)) / (g.resizedWidth * g.resizedHeight);
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}
