/**
 * Whether each method can explain a model, asked of the compiler rather than guessed from an op list: each
 * method's explanation graph (with its default parameters) is built as an explanation would build it. A graph
 * that builds is not run here, so "ok" means every op on the path has the rule the method needs and the
 * method's own requirements (a feature map for CAM, a global pool for Grad-CAM...) are met.
 */
import { compile } from '../compile/compile';
import { ExplainError } from '../errors';
import { METHODS } from '../methods';
import type { GraphEnv } from '../methods/method';
import type { MethodCheck } from '../protocol';

export function checkMethods(env: GraphEnv): MethodCheck[] {
  // Methods sharing a graph (gradient, SmoothGrad, Integrated Gradients...) are compiled once.
  const built = new Map<string, string | undefined>();
  return METHODS.map((m): MethodCheck => {
    const reason = m.forwardOnly ? undefined : failure(() => {
      const v = m.graph(m.defaults, env);
      if (!built.has(v.key)) built.set(v.key, failure(() => void compile(env.canonical, v.options)));
      const got = built.get(v.key);
      if (got) throw new ExplainError('UNSUPPORTED_MODEL', got);
    });
    return { method: m.name, title: m.title, ok: reason === undefined, ...(reason !== undefined && { reason }) };
  });
}

/** The message of what `f` throws, or undefined when it does not. */
function failure(f: () => void): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
