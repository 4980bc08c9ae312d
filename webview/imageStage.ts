/**
 * The pictures of one explanation in boxes the user can zoom (wheel, pinch, +/-) and pan (drag, arrow keys),
 * all through one SharedViewport: the map on the original, and (the stage that carries the image's own
 * panes) the original with the model's input window drawn on it and, on demand, what the model saw, placed
 * where it lies on the original. Every picture is measured in the original's pixels, so the same pixel sits
 * at the same place in every box and every compared card. The relevance of the pixel under the pointer is
 * read out; enlarged pixels are drawn as squares, not blurred.
 */
import type { DisplaySettings } from '../src/protocol';
import { inputWindowOn } from '../src/preprocess/geometry';
import type { ScalarMap } from '../src/render/colormap';
import { el, num, secondaryButton } from './dom';
import { imageNotes } from './model/imageNotes';
import { pointedPixel } from './model/pointedPixel';
import { valueAt } from './model/scale';
import { imagePixelAt, panBy, wheelZoomFactor, zoomAt, type Viewport } from './model/viewport';
import type { Pictures } from './pictures';
import type { SharedViewport } from './sharedViewport';
import type { CheckElement } from './toolkit';

const ZOOM_STEP = 1.25;
const PAN_STEP = 32;
const HINT = 'Hover the image for a pixel\'s relevance';

export interface StageOptions {
  pictures: Pictures;
  viewport: SharedViewport;
  /** What the map pane draws, for the pointer's readout; no map pane without it. */
  map?: ScalarMap;
  /**
   * This stage carries the image's own panes (the original, what the model saw), the tools and the notes;
   * `inputShown` whether what the model saw is shown, and `onInputShown` hears the user change it (a stage
   * built anew, for a neuron's map, keeps it).
   */
  reference?: { transparencyFlattened: boolean; inputShown: boolean; onInputShown: (shown: boolean) => void };
  label: string;
}

interface Pane {
  figure: HTMLElement;
  box: HTMLElement;
  /** Where the pane's content lies on the original, as a CSS transform after the viewport's. */
  place: string;
  layers: HTMLElement[];
  /** Original pixels per canvas pixel, to tell when the viewport enlarges the canvas. */
  canvasScale: number;
}

export class ImageStage {
  readonly element: HTMLElement;
  /** The map pane's canvas (class `picture`, its `data-picture` says which picture is drawn). */
  readonly canvas: HTMLCanvasElement;
  private readonly panes: Pane[] = [];
  private readonly mapPane: Pane | undefined;
  private readonly originalPane: Pane | undefined;
  private readonly inputPane: Pane | undefined;
  private readonly mapCaption = el('figcaption', {});
  private readonly readout = el('div', { class: 'readout' }, HINT);
  private readonly group: HTMLElement;
  /** The model's input window on the original pane: placed in screen pixels, so its line stays one pixel wide. */
  private readonly outline = el('div', { class: 'input-window' });
  /** Stops following the shared viewport, once this stage is no longer shown. */
  readonly dispose: () => void;

  constructor(private readonly o: StageOptions) {
    const { pictures } = o;
    const base = pictures.base;
    this.canvas = el('canvas', { width: String(base.width), height: String(base.height), class: 'picture layer' });
    if (o.reference) {
      const original = el('canvas', { width: String(base.width), height: String(base.height), class: 'original-picture layer' });
      original.getContext('2d')?.putImageData(new ImageData(pictures.originalPixels(), base.width, base.height), 0, 0);
      const layers: HTMLElement[] = [original];
      if (pictures.geometry) layers.push(this.outline);
      this.originalPane = this.pane('pane-original', `Original, ${sizeOf(pictures.geometry ? { width: pictures.geometry.sourceWidth, height: pictures.geometry.sourceHeight } : base)}${pictures.geometry ? '; the outline is what the model saw' : ''}`, layers, '', 1);
    }
    if (o.map) this.mapPane = this.pane('pane-map', this.mapCaption, [this.canvas], '', 1);
    if (o.reference) this.inputPane = this.inputPaneOf(pictures);
    this.group = el(
      'div',
      {
        class: 'stage-panes',
        tabindex: '0',
        role: 'group',
        'aria-label': `${o.label}. Zoom with plus and minus or the wheel, pan with the arrow keys or by dragging, 0 or a double-click fits the image.`,
      },
      ...this.panes.map((p) => p.figure),
    );
    this.element = el('div', { class: 'stage-wrap' }, this.group, o.map ? this.readout : undefined, ...(o.reference ? this.referenceParts() : []));
    this.wire();
    this.dispose = o.viewport.listen((v) => this.place(v));
    this.setBox(o.viewport.box.width, o.viewport.box.height);
  }

  /** Draws the map pane (the picture of `picture`: the map on the original, the heatmap alone, or the original). */
  draw(pixels: Uint8ClampedArray<ArrayBuffer>, picture: DisplaySettings['picture']): void {
    const { width, height } = this.o.pictures.base;
    this.canvas.getContext('2d')?.putImageData(new ImageData(pixels, width, height), 0, 0);
    this.canvas.dataset.picture = picture;
    const onOriginal = this.o.pictures.geometry ? ' on the original' : '';
    this.mapCaption.textContent = picture === 'overlay' ? `Overlay${onOriginal}` : picture === 'heatmap' ? `Heatmap${onOriginal}` : 'Original';
    // The original beside the original says nothing twice.
    if (this.originalPane) this.originalPane.figure.hidden = !!this.mapPane && picture === 'original';
  }

  /** Every pane's box in CSS pixels (all stages of a view have the same size, see stageLayout). */
  setBox(width: number, height: number): void {
    for (const p of this.panes) {
      p.box.style.width = `${width}px`;
      p.box.style.height = `${height}px`;
    }
    this.place(this.o.viewport.value);
  }

  private pane(kind: string, caption: string | HTMLElement, layers: HTMLElement[], place: string, canvasScale: number): Pane {
    const box = el('div', { class: 'stage', role: 'img', 'aria-label': typeof caption === 'string' ? caption : this.o.label }, ...layers);
    const figure = el('figure', { class: `pane ${kind}` }, box, typeof caption === 'string' ? el('figcaption', {}, caption) : caption);
    const pane = { figure, box, place, layers, canvasScale };
    this.panes.push(pane);
    return pane;
  }

  /** What the model saw: its input at its own resolution, laid where it lies on the original (padding past it). */
  private inputPaneOf(pictures: Pictures): Pane {
    const { width, height } = this.inputSize();
    const canvas = el('canvas', { width: String(width), height: String(height), class: 'input-picture layer' });
    canvas.getContext('2d')?.putImageData(new ImageData(pictures.inputPixels(), width, height), 0, 0);
    const g = pictures.geometry;
    const w = g ? inputWindowOn(g, pictures.base.width, pictures.base.height) : { x: 0, y: 0, width, height };
    const sx = w.width / width;
    const sy = w.height / height;
    const pane = this.pane('pane-input', `What the model saw: its input, ${width}x${height}${g ? ', placed where it lies on the original' : ''}`, [canvas], ` translate(${w.x}px, ${w.y}px) scale(${sx}, ${sy})`, Math.min(sx, sy));
    pane.figure.hidden = true;
    return pane;
  }

  private inputSize(): { width: number; height: number } {
    const g = this.o.pictures.geometry;
    return g ? { width: g.width, height: g.height } : this.o.pictures.base;
  }

  /** The tools (reset, what the model saw) and the notes on what preprocessing did to the image. */
  private referenceParts(): HTMLElement[] {
    const reset = secondaryButton('Reset zoom', { class: 'reset-view', title: 'Fit the whole image (0 or a double-click does too)' }, () => this.o.viewport.reset());
    const shown = this.o.reference?.inputShown ?? false;
    const showInput = el('vscode-checkbox', { class: 'show-input', ...(shown ? { checked: '' } : {}) }, 'What the model saw') as CheckElement;
    if (this.inputPane) this.inputPane.figure.hidden = !shown;
    showInput.addEventListener('change', () => {
      if (this.inputPane) this.inputPane.figure.hidden = !showInput.checked;
      this.o.reference?.onInputShown(showInput.checked);
    });
    const notes = imageNotes(this.o.pictures.geometry, this.o.reference?.transparencyFlattened ?? false);
    return [
      el('div', { class: 'stage-tools' }, reset, showInput),
      ...(notes.length ? [el('ul', { class: 'image-notes' }, ...notes.map((n) => el('li', {}, n)))] : []),
    ];
  }

  private place(v: Viewport): void {
    const view = `translate(${v.panX}px, ${v.panY}px) scale(${v.zoom})`;
    const g = this.o.pictures.geometry;
    if (g) {
      const w = inputWindowOn(g, this.o.pictures.base.width, this.o.pictures.base.height);
      Object.assign(this.outline.style, { left: `${v.panX + w.x * v.zoom}px`, top: `${v.panY + w.y * v.zoom}px`, width: `${w.width * v.zoom}px`, height: `${w.height * v.zoom}px` });
    }
    for (const p of this.panes) {
      for (const layer of p.layers) if (layer !== this.outline) layer.style.transform = view + p.place;
      // Smoothing blurs enlarged pixels into each other: enlarged, every pixel is drawn as a square.
      p.box.classList.toggle('pixelated', v.zoom * p.canvasScale > 1);
    }
  }

  private wire(): void {
    const v = this.o.viewport;
    // The box under the pointer: over a caption the page scrolls and nothing is read out. While dragging, the
    // pointer is captured, so the box is found by position.
    const boxAt = (e: MouseEvent) => this.panes.find((p) => !p.figure.hidden && inside(p.box.getBoundingClientRect(), e))?.box;
    const local = (box: HTMLElement, e: MouseEvent) => {
      const r = box.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    };
    this.group.addEventListener('wheel', (e) => {
      const box = boxAt(e);
      if (!box) return;
      e.preventDefault();
      const at = local(box, e);
      v.set(zoomAt(v.value, wheelZoomFactor(e.deltaY, e.deltaMode, e.ctrlKey), at.x, at.y));
    }, { passive: false });
    let drag: { x: number; y: number } | undefined;
    this.group.addEventListener('pointerdown', (e) => {
      drag = { x: e.clientX, y: e.clientY };
      this.group.setPointerCapture(e.pointerId);
    });
    this.group.addEventListener('pointerup', () => (drag = undefined));
    this.group.addEventListener('pointermove', (e) => {
      if (drag) {
        v.set(panBy(v.value, e.clientX - drag.x, e.clientY - drag.y));
        drag = { x: e.clientX, y: e.clientY };
      }
      const box = boxAt(e);
      const at = box && local(box, e);
      const { width, height } = this.o.pictures.base;
      this.showValue(at && imagePixelAt(v.value, at.x, at.y, width, height));
    });
    this.group.addEventListener('pointerleave', () => this.showValue(undefined));
    this.group.addEventListener('dblclick', () => v.reset());
    this.group.addEventListener('keydown', (e) => {
      const cx = v.box.width / 2;
      const cy = v.box.height / 2;
      const moves: Record<string, () => Viewport | undefined> = {
        '+': () => zoomAt(v.value, ZOOM_STEP, cx, cy),
        '=': () => zoomAt(v.value, ZOOM_STEP, cx, cy),
        '-': () => zoomAt(v.value, 1 / ZOOM_STEP, cx, cy),
        '0': () => (v.reset(), undefined),
        ArrowLeft: () => panBy(v.value, PAN_STEP, 0),
        ArrowRight: () => panBy(v.value, -PAN_STEP, 0),
        ArrowUp: () => panBy(v.value, 0, PAN_STEP),
        ArrowDown: () => panBy(v.value, 0, -PAN_STEP),
      };
      const move = moves[e.key];
      if (!move) return;
      e.preventDefault();
      const next = move();
      if (next) v.set(next);
    });
  }

  private showValue(shown: { x: number; y: number } | undefined): void {
    if (!this.o.map) return;
    const { width, height } = this.o.pictures.base;
    const at = shown && pointedPixel(shown, width, height, this.o.pictures.geometry);
    const value = at?.input && valueAt(this.o.map, at.input.x, at.input.y);
    const where = at?.original ? `Pixel (${at.original.x}, ${at.original.y})` : at?.input ? `Pixel (${at.input.x}, ${at.input.y})` : undefined;
    this.readout.textContent = !where ? HINT : value === undefined ? `${where}: cut away, the model never saw it` : `${where}: relevance ${num(value)}`;
  }
}

function inside(r: DOMRect, e: MouseEvent): boolean {
  return e.clientX >= r.left && e.clientX < r.right && e.clientY >= r.top && e.clientY < r.bottom;
}

function sizeOf(s: { width: number; height: number }): string {
  return `${s.width}x${s.height}`;
}
