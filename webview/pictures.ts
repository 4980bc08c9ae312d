/**
 * The pixels of one explanation's pictures, drawn with the engine's own colouring (src/render/colormap.ts) so
 * the panel and the exported PNGs agree. The map is laid on the original image through the preprocessing's
 * geometry (src/render/onOriginal.ts, as the CLI's overlay.png): a crop or letterbox never shifts or stretches
 * it, and what the model never saw is dimmed. Without an original (a tensor input) the model's input stands in.
 * Each picture is cached by what it depends on: moving the opacity slider only re-blends, it never recolours.
 * A black-box method's features can be outlined over any of the pictures (DisplaySettings.outline).
 */
import type { Colormap, DisplaySettings, InputGeometry, ViewExplanation } from '../src/protocol';
import { blend, relevanceToRgba } from '../src/render/colormap';
import { heatOnOriginal, type OnOriginal } from '../src/render/onOriginal';
import { drawOutline, featureOutline } from './model/outline';

type Pixels = Uint8ClampedArray<ArrayBuffer>;
type Rgb = { data: Uint8Array; width: number; height: number };

export type PictureSource = Pick<ViewExplanation, 'display' | 'heatmap' | 'geometry' | 'original' | 'segmentation'>;

export class Pictures {
  /** What the pictures are drawn on, and in whose pixels the stage measures: the original, or the model's input. */
  readonly base: Rgb;
  /** Where the model's input lies on `base`; undefined when `base` is the input itself. */
  readonly geometry: InputGeometry | undefined;
  private original: Pixels | undefined;
  private input: Pixels | undefined;
  private mapped: { key: string; on: OnOriginal } | undefined;
  private overlay: { key: string; pixels: Pixels } | undefined;
  private outline: { key: string; pixels: Pixels } | undefined;

  constructor(private readonly e: PictureSource) {
    this.geometry = e.geometry && e.original ? e.geometry : undefined;
    this.base = this.geometry && e.original ? e.original : e.display;
  }

  /** The picture the display settings ask for at the base's size, coloured with `mode` and full colour at `range`. */
  pixels(display: DisplaySettings, mode: Colormap, range: number): Pixels {
    const plain = this.plainPixels(display, mode, range);
    const seg = this.e.segmentation;
    if (!display.outline || !seg) return plain;
    const key = `${display.picture}|${mode}|${range}|${display.opacity}`;
    if (this.outline?.key !== key) {
      // At the input's resolution, laid on the original through the geometry as the heatmap is.
      const lines = featureOutline(seg);
      const on = this.geometry ? heatOnOriginal(lines, this.geometry, this.base).heat : lines;
      this.outline = { key, pixels: drawOutline(plain, on) as Pixels };
    }
    return this.outline.pixels;
  }

  private plainPixels(display: DisplaySettings, mode: Colormap, range: number): Pixels {
    if (display.picture === 'original') return this.originalPixels();
    const on = this.heatOnBase(mode, range);
    if (display.picture === 'heatmap') return on.heat as Pixels;
    const key = `${mode}|${range}|${display.opacity}`;
    if (this.overlay?.key !== key) this.overlay = { key, pixels: blend(on.base, on.heat, on.width, on.height, display.opacity) as Pixels };
    return this.overlay.pixels;
  }

  /** The original as RGBA, undimmed (a blend with no heatmap at all). */
  originalPixels(): Pixels {
    const { data, width, height } = this.base;
    this.original ??= rgba(data, width, height);
    return this.original;
  }

  /** What the model saw: its input turned back into an image, at its own resolution (ViewExplanation.display). */
  inputPixels(): Pixels {
    const { data, width, height } = this.e.display;
    this.input ??= rgba(data, width, height);
    return this.input;
  }

  private heatOnBase(mode: Colormap, range: number): OnOriginal {
    const key = `${mode}|${range}`;
    if (this.mapped?.key !== key) {
      const heat = relevanceToRgba(this.e.heatmap, { mode, range });
      const on = this.geometry ? heatOnOriginal(heat, this.geometry, this.base) : { base: this.base.data, heat, width: this.base.width, height: this.base.height };
      this.mapped = { key, on };
    }
    return this.mapped.on;
  }
}

function rgba(rgb: Uint8Array, width: number, height: number): Pixels {
  return blend(rgb, new Uint8ClampedArray(width * height * 4), width, height, 0) as Pixels;
}
