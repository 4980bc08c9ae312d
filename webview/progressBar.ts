/**
 * The running explanation inside the view: a bar, the engine's words for how far it is ("Integrated gradients:
 * 12/32") and a Cancel button, so neither the notification nor the command palette is needed to stop it.
 */
import { el, secondaryButton } from './dom';

export class ProgressBar {
  readonly element: HTMLElement;
  private readonly bar: HTMLProgressElement;
  private readonly text: HTMLElement;

  constructor(cancel: () => void) {
    this.bar = el('progress', { max: '1', 'aria-label': 'Explanation progress' });
    this.text = el('span', { class: 'progress-text' });
    const stop = secondaryButton('Cancel', { class: 'cancel' }, cancel);
    this.element = el('div', { class: 'run-progress', role: 'group', 'aria-label': 'Running explanation' }, el('vscode-progress-ring', { 'aria-hidden': 'true' }), this.bar, this.text, stop);
    this.element.hidden = true;
  }

  /** The host started (true) or finished (false) a job; a new job starts with an indeterminate bar. */
  busy(running: boolean): void {
    if (running && this.element.hidden) {
      this.bar.removeAttribute('value');
      this.text.textContent = '';
    }
    this.element.hidden = !running;
  }

  update(fraction: number, message: string): void {
    this.bar.value = Math.max(0, Math.min(1, fraction));
    this.text.textContent = message;
  }
}
