/**
 * One picture in a box the user can zoom (wheel, +/-) and pan (drag, arrow keys), with the relevance of the
 * pixel under the pointer read out. Small inputs are scaled up without smoothing (MNIST's 28x28 stays crisp).
 * Stages of a comparison share one viewport, so the same pixel sits at the same place in every map.
 */
import { el, num } from './dom';
import { valueAt } from './model/scale';
import { fitViewport, imagePixelAt, panBy, zoomAt, type Viewport } from './model/viewport';
import type { ScalarMap } from '../src/render/colormap';

const BOX = 320;
const ZOOM_STEP = 1.25;
const PAN_STEP = 32;

export class SharedViewport {
  private listeners: ((v: Viewport) => void)[] = [];
  constructor(public value: Viewport) {}
  set(v: Viewport): void {
    this.value = v;
    for (const l of this.listeners) l(v);
  }
  /** Returns how to stop listening (a stage replaced by another, e.g. a neuron's map, lets go). */
  listen(l: (v: Viewport) => void): () => void {
    this.listeners.push(l);
    return () => {
      this.listeners = this.listeners.filter((x) => x !== l);
    };
  }
}

export function initialViewport(width: number, height: number): Viewport {
  return fitViewport(width, height, BOX, BOX);
}

export class ImageStage {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly readout: HTMLElement;
  /** Stops following the shared viewport, once this stage is no longer shown. */
  readonly dispose: () => void;

  constructor(
    private readonly map: ScalarMap,
    private readonly viewport: SharedViewport,
    label: string,
  ) {
    this.canvas = el('canvas', { width: String(map.width), height: String(map.height), class: 'picture' });
    this.readout = el('div', { class: 'readout' }, 'Hover the image for a pixel\'s relevance');
    const box = el(
      'div',
      {
        class: 'stage',
        tabindex: '0',
        role: 'img',
        'aria-label': `${label}. Zoom with plus and minus, pan with the arrow keys, 0 fits the image.`,
      },
      this.canvas,
    );
    box.style.width = box.style.height = `${BOX}px`;
    this.element = el('div', { class: 'stage-wrap' }, box, this.readout);
    this.wire(box);
    this.dispose = viewport.listen((v) => this.place(v));
    this.place(viewport.value);
  }

  draw(pixels: Uint8ClampedArray<ArrayBuffer>): void {
    this.canvas.getContext('2d')?.putImageData(new ImageData(pixels, this.map.width, this.map.height), 0, 0);
  }

  private place(v: Viewport): void {
    this.canvas.style.transform = `translate(${v.panX}px, ${v.panY}px) scale(${v.zoom})`;
    // Smoothing blurs enlarged pixels into each other: above 1.5x every image pixel is drawn as a square.
    this.canvas.classList.toggle('pixelated', v.zoom > 1.5);
  }

  private wire(box: HTMLElement): void {
    const v = this.viewport;
    box.addEventListener('wheel', (e) => {
      e.preventDefault();
      const r = box.getBoundingClientRect();
      v.set(zoomAt(v.value, e.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP, e.clientX - r.left, e.clientY - r.top));
    }, { passive: false });
    let drag: { x: number; y: number } | undefined;
    box.addEventListener('pointerdown', (e) => {
      drag = { x: e.clientX, y: e.clientY };
      box.setPointerCapture(e.pointerId);
    });
    box.addEventListener('pointerup', () => (drag = undefined));
    box.addEventListener('pointermove', (e) => {
      if (drag) {
        v.set(panBy(v.value, e.clientX - drag.x, e.clientY - drag.y));
        drag = { x: e.clientX, y: e.clientY };
      }
      const r = box.getBoundingClientRect();
      this.showValue(imagePixelAt(v.value, e.clientX - r.left, e.clientY - r.top, this.map.width, this.map.height));
    });
    box.addEventListener('pointerleave', () => this.showValue(undefined));
    box.addEventListener('keydown', (e) => {
      const centre = BOX / 2;
      const moves: Record<string, () => Viewport> = {
        '+': () => zoomAt(v.value, ZOOM_STEP, centre, centre),
        '=': () => zoomAt(v.value, ZOOM_STEP, centre, centre),
        '-': () => zoomAt(v.value, 1 / ZOOM_STEP, centre, centre),
        '0': () => initialViewport(this.map.width, this.map.height),
        ArrowLeft: () => panBy(v.value, PAN_STEP, 0),
        ArrowRight: () => panBy(v.value, -PAN_STEP, 0),
        ArrowUp: () => panBy(v.value, 0, PAN_STEP),
        ArrowDown: () => panBy(v.value, 0, -PAN_STEP),
      };
      const move = moves[e.key];
      if (!move) return;
      e.preventDefault();
      v.set(move());
    });
  }

  private showValue(pixel: { x: number; y: number } | undefined): void {
    const value = pixel && valueAt(this.map, pixel.x, pixel.y);
    this.readout.textContent = pixel && value !== undefined ? `Pixel (${pixel.x}, ${pixel.y}): relevance ${num(value)}` : 'Hover the image for a pixel\'s relevance';
  }
}
