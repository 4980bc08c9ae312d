/**
 * One zoom and pan for every picture of a view (the panes of a stage, the cards of a comparison), so the same
 * image pixel sits at the same place in each. It knows the image's size and the boxes' size, so a reset fits
 * the image and a resized panel keeps the region in view.
 */
import { fitViewport, rescaleViewport, type Viewport } from './model/viewport';

export class SharedViewport {
  private listeners: ((v: Viewport) => void)[] = [];
  value: Viewport;
  box: { width: number; height: number };

  constructor(readonly image: { width: number; height: number }, box: { width: number; height: number }) {
    this.box = box;
    this.value = fitViewport(image.width, image.height, box.width, box.height);
  }

  set(v: Viewport): void {
    this.value = v;
    for (const l of this.listeners) l(v);
  }

  /** The whole image in view, as at first. */
  reset(): void {
    this.set(fitViewport(this.image.width, this.image.height, this.box.width, this.box.height));
  }

  /** The boxes were resized (a wider or narrower panel): what was in view stays in view, larger or smaller. */
  resize(box: { width: number; height: number }): void {
    if (box.width === this.box.width && box.height === this.box.height) return;
    const factor = box.width / this.box.width;
    this.box = box;
    this.set(rescaleViewport(this.value, factor));
  }

  /** Returns how to stop listening (a stage replaced by another, e.g. a neuron's map, lets go). */
  listen(l: (v: Viewport) => void): () => void {
    this.listeners.push(l);
    return () => {
      this.listeners = this.listeners.filter((x) => x !== l);
    };
  }
}
