/**
 * Sizes the stages to the panel: measures the room the view has (and measures again when the panel is
 * resized) and hands every stage the same box, through stageLayout's rules. The view's element gets the
 * sizes as CSS variables too (--stage-box, a card's content width in a comparison; --stage-row, one card's
 * row of pictures), so a card's text wraps at its pictures' width instead of widening the card out of its row.
 */
import { stageLayout, type StageRoom } from './model/stageLayout';

/** A card's border and padding on each side together (media/panel.css .card, .reference-card). */
const CARD_CHROME = 18;
/** Between two cards (.maps gap) and between two pictures of one card (.stage-panes gap). */
const CARD_GAP = 16;
const PANE_GAP = 8;
/** Of the panel's height, what one picture may take: its caption, the readout and the colour bar stay in view. */
const HEIGHT_SHARE = 0.7;

type Box = { width: number; height: number };

export class StageSizer {
  private box: Box | undefined;
  private columns = 1;

  constructor(
    private readonly image: { width: number; height: number },
    /** Pictures that share a row at most: the original and the map, or the reference and every compared card. */
    private readonly pictures: number,
    /** Each picture in a card of its own (compare), or the pictures side by side in one card. */
    private readonly cards: boolean,
  ) {}

  /** Before the view is in the page: the window's width stands in for the view's. */
  initialBox(): Box {
    return this.measure(document.documentElement.clientWidth - 32);
  }

  /** Calls `resized` whenever the room of `element` gives another box; stops once the element left the page. */
  follow(element: HTMLElement, resized: (box: Box) => void): void {
    this.publish(element);
    const observer = new ResizeObserver(() => {
      if (!element.isConnected) return observer.disconnect();
      if (element.clientWidth === 0) return; // hidden: nothing to measure
      const before = this.box;
      const box = this.measure(element.clientWidth);
      this.box = box;
      if (box.width !== before?.width || box.height !== before?.height) {
        this.publish(element);
        resized(box);
      }
    });
    observer.observe(element);
  }

  private publish(element: HTMLElement): void {
    if (!this.box) return;
    element.style.setProperty('--stage-box', `${this.box.width}px`);
    element.style.setProperty('--stage-row', `${this.columns * this.box.width + (this.columns - 1) * PANE_GAP}px`);
  }

  private measure(width: number): Box {
    const room: StageRoom = {
      width: width - CARD_CHROME,
      height: Math.max(160, window.innerHeight * HEIGHT_SHARE),
      gap: this.cards ? CARD_GAP + CARD_CHROME : PANE_GAP,
    };
    const layout = stageLayout(this.image.width, this.image.height, this.pictures, room);
    this.box ??= { width: layout.boxWidth, height: layout.boxHeight };
    this.columns = layout.columns;
    return { width: layout.boxWidth, height: layout.boxHeight };
  }
}
