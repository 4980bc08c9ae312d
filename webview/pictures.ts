/**
 * The pixels of one explanation's pictures, drawn with the engine's own colouring (src/render/colormap.ts) so
 * the panel and the exported PNGs agree. Each is cached by what it depends on: moving the opacity slider only
 * re-blends, it never recolours.
 */
import type { Colormap, DisplaySettings, ViewExplanation } from '../src/protocol';
import { blend, relevanceToRgba } from '../src/render/colormap';

type Pixels = Uint8ClampedArray<ArrayBuffer>;

export class Pictures {
  private original: Pixels | undefined;
  private heat: { key: string; pixels: Pixels } | undefined;
  private overlay: { key: string; pixels: Pixels } | undefined;

  constructor(private readonly e: Pick<ViewExplanation, 'display' | 'heatmap'>) {}

  /** The picture the display settings ask for, coloured with `mode` and full colour at `range`. */
  pixels(display: DisplaySettings, mode: Colormap, range: number): Pixels {
    if (display.picture === 'original') return this.originalPixels();
    const heat = this.heatPixels(mode, range);
    if (display.picture === 'heatmap') return heat;
    const key = `${mode}|${range}|${display.opacity}`;
    if (this.overlay?.key !== key) {
      const { data, width, height } = this.e.display;
      this.overlay = { key, pixels: blend(data, heat, width, height, display.opacity) as Pixels };
    }
    return this.overlay.pixels;
  }

  heatPixels(mode: Colormap, range: number): Pixels {
    const key = `${mode}|${range}`;
    if (this.heat?.key !== key) this.heat = { key, pixels: relevanceToRgba(this.e.heatmap, { mode, range }) as Pixels };
    return this.heat.pixels;
  }

  /** The input image as RGBA (a blend with no heatmap at all). */
  originalPixels(): Pixels {
    const { data, width, height } = this.e.display;
    this.original ??= blend(data, new Uint8ClampedArray(width * height * 4), width, height, 0) as Pixels;
    return this.original;
  }
}
