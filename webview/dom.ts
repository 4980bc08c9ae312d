/** A small element builder, so the view is built from data without innerHTML (no injection from labels). */
type Child = Node | string | number | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string>, ...children: Child[]): HTMLElementTagNameMap[K];
/** Custom elements (the toolkit's vscode-*). */
export function el(tag: string, attrs?: Record<string, string>, ...children: Child[]): HTMLElement;
export function el(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) if (c !== undefined && c !== false) node.append(typeof c === 'number' ? String(c) : c);
  return node;
}

/** A secondary toolkit button that calls `click` (the view's buttons besides the method card's Re-run). */
export function secondaryButton(label: string, attrs: Record<string, string>, click: () => void): HTMLElement {
  const b = el('vscode-button', { appearance: 'secondary', ...attrs }, label);
  b.addEventListener('click', click);
  return b;
}

export function num(x: number | undefined, digits = 4): string {
  if (x === undefined || !Number.isFinite(x)) return '-';
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(digits - 1) : x.toPrecision(digits);
}
