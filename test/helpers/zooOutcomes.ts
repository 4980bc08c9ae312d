/**
 * The zoo test's expectations that are not a pass: a refusal by design (a method's precondition, such as CAM's
 * global average pool) or a known gap (an op or rule the engine lacks, a bug). Each names the exact error, so
 * the test can assert it still happens; and the observed outcomes can be printed back in this very format
 * (EXPLAIN_ZOO_TABLE=1) when the engine has moved on.
 */

export interface Expected {
  /** The first sentence(s) of the error: the engine's message without the changing list of supported ops. */
  error: string;
  /** Model ids (`<family>_opset<N>`). */
  models: string[];
  /** Case names of test/helpers/zooCases.ts. */
  cases: string[];
}

export interface Outcome {
  id: string;
  case: string;
  /** The error's message, or undefined when the case passed. */
  error?: string;
}

/** The part of an error message that stays the same while other ops land (it lists them). */
export function stableMessage(message: string): string {
  return message.split('\n')[0].replace(/ Supported: .*$/, '');
}

/** A method's documented precondition, refused on purpose: not something to fix in the engine. */
export function isByDesign(message: string): boolean {
  return /^(CAM needs the last feature map|Deep Taylor decomposition needs a ReLU network)/.test(message);
}

export function findExpected(table: Expected[], id: string, name: string): Expected | undefined {
  return table.find((e) => e.models.includes(id) && e.cases.includes(name));
}

/** The failed outcomes as the two tables' TypeScript source, rows grouped by error and then by case list. */
export function formatTables(outcomes: Outcome[]): string {
  const table = (byDesign: boolean) => {
    const rows: { error: string; cases: string; models: string[] }[] = [];
    for (const o of outcomes) {
      if (o.error === undefined || isByDesign(o.error) !== byDesign) continue;
      const cases = outcomes.filter((p) => p.id === o.id && p.error === o.error).map((p) => p.case);
      const key = JSON.stringify(cases);
      const row = rows.find((r) => r.error === o.error && r.cases === key);
      if (!row) rows.push({ error: o.error, cases: key, models: [o.id] });
      else if (!row.models.includes(o.id)) row.models.push(o.id);
    }
    return rows.map((r) => `  { error: ${JSON.stringify(r.error)},\n    models: ${JSON.stringify(r.models)},\n    cases: ${r.cases} },`).join('\n');
  };
  return `const NOT_APPLICABLE: Expected[] = [\n${table(true)}\n];\n\nconst KNOWN_GAPS: Expected[] = [\n${table(false)}\n];\n`;
}
