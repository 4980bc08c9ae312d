/**
 * Brings the page back to where the user had scrolled it before a tab switch reloaded it. The page need not be
 * complete at its first paint (the toolkit's components lay themselves out after connecting, a selected
 * neuron's map comes from the host later), and a scrollTo beyond what is there stops short. So this scrolls
 * again each time the page grows, until it is there, the user scrolls or clicks or types, or 15 s pass (a
 * neuron's map may need its layer's graph compiled first).
 */
export class ScrollRestore {
  private target: number | undefined;
  private observer: ResizeObserver | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly stopOnInput = (): void => this.stop();

  /** The position the page is being brought back to, while it is; else undefined. */
  get pending(): number | undefined {
    return this.target;
  }

  start(y: number, timeoutMs = 15_000): void {
    this.stop();
    if (y <= 0) return;
    this.target = y;
    this.observer = new ResizeObserver(() => this.step());
    this.observer.observe(document.body);
    for (const type of ['wheel', 'pointerdown', 'keydown', 'touchstart']) window.addEventListener(type, this.stopOnInput, { capture: true, passive: true });
    this.timer = setTimeout(() => this.stop(), timeoutMs);
    this.step();
  }

  stop(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    for (const type of ['wheel', 'pointerdown', 'keydown', 'touchstart']) window.removeEventListener(type, this.stopOnInput, { capture: true });
    this.target = undefined;
  }

  private step(): void {
    if (this.target === undefined) return;
    window.scrollTo(0, this.target);
    if (Math.abs(window.scrollY - this.target) < 1) this.stop();
  }
}
