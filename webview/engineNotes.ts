/**
 * The engine's notes (opset raised, no-op nodes removed, what the score is) under a collapsed "Details": what
 * a curious user looks up, not what a newcomer needs to read first.
 */
import type { ViewExplanation } from '../src/protocol';
import { el } from './dom';
import { sharedNotes } from './model/notes';

export function notes(explanations: readonly ViewExplanation[]): HTMLElement | undefined {
  const all = sharedNotes(explanations);
  if (all.length === 0) return undefined;
  return el(
    'details',
    { class: 'notes' },
    el('summary', {}, `Details (${all.length} note${all.length === 1 ? '' : 's'} from the engine)`),
    el('ul', {}, ...all.map((n) => el('li', {}, n.methods.length ? `${n.methods.join(', ')}: ${n.text}` : n.text))),
  );
}
