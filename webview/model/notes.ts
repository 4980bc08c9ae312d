/**
 * The engine's notes of the shown explanations, each said once: a comparison runs every method on the same
 * model and image, so "Raised from opset 7 to 17" comes back from each of them. A note every method gave is
 * shown plain; one only some gave names them. Pure, tested under node.
 */
export interface SharedNote {
  text: string;
  /** The methods that gave it; empty when all of them did (or only one explanation is shown). */
  methods: string[];
}

export function sharedNotes(explanations: readonly { methodLabel: string; notes: readonly string[] }[]): SharedNote[] {
  const byText = new Map<string, string[]>();
  for (const e of explanations) {
    for (const n of new Set(e.notes)) {
      const methods = byText.get(n) ?? [];
      if (!byText.has(n)) byText.set(n, methods);
      methods.push(e.methodLabel);
    }
  }
  return [...byText].map(([text, methods]) => ({ text, methods: methods.length === explanations.length ? [] : methods }));
}
