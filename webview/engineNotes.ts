/**
 * What the score is and the engine's notes (opset raised, no-op nodes removed) under a collapsed "Details": what
 * a curious user looks up, not what a newcomer needs to read first; the sentence under every map already says
 * what red and blue mean.
 */
import type { ViewExplanation } from '../src/protocol';
import { el } from './dom';
import { sharedNotes } from './model/notes';

export function notes(explanations: readonly ViewExplanation[]): HTMLElement {
  const all = sharedNotes(explanations);
  const summary = all.length === 0 ? 'Details' : `Details (${all.length} note${all.length === 1 ? '' : 's'} from the engine)`;
  return el(
    'details',
    { class: 'notes' },
    el('summary', {}, summary),
    el('p', { class: 'explained' }, `Explained: ${explanations[0].explained}.`),
    all.length ? el('ul', {}, ...all.map((n) => el('li', {}, n.methods.length ? `${n.methods.join(', ')}: ${n.text}` : n.text))) : undefined,
  );
}
