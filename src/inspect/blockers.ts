/**
 * Which op on the path stops which method: the engine's refusals name the node they stop at (`Unsupported op Sin
 * (node "sin_node")`, `Pad pad0 (mode reflect) is not supported`), so a failed method's message is matched
 * against the path's nodes. A refusal naming no node (CAM without a feature map) belongs to the model as a whole.
 */
import type { MethodCheck, MethodName } from '../protocol';

export interface NamedNode {
  name: string;
  opType: string;
}

export function blockedBy(path: readonly NamedNode[], checks: readonly MethodCheck[]): { op: string; methods: MethodName[] }[] {
  const byOp = new Map<string, MethodName[]>();
  for (const check of checks) {
    if (check.ok || !check.reason) continue;
    const node = path.find((n) => namesNode(check.reason!, n));
    if (!node) continue;
    const methods = byOp.get(node.opType) ?? [];
    methods.push(check.method);
    byOp.set(node.opType, methods);
  }
  return [...byOp].map(([op, methods]) => ({ op, methods }));
}

/** Whether `message` names node `n` the way the engine's errors do: `node "name"` or `OpType name`, as a whole word. */
export function namesNode(message: string, n: NamedNode): boolean {
  if (message.includes(`node "${n.name}"`)) return true;
  const phrase = `${n.opType} ${n.name}`;
  for (let at = message.indexOf(phrase); at >= 0; at = message.indexOf(phrase, at + 1)) {
    // A name may hold dots and colons ("layer1.0/conv"); a full stop or colon ends it only before a space.
    const next = message.slice(at + phrase.length, at + phrase.length + 2);
    if (next === '' || /^[^\w./:-]/.test(next) || /^[.:](\s|$)/.test(next)) return true;
  }
  return false;
}
