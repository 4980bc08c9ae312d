/** `explain inspect`'s text: the model report and the preset table, as plain aligned lines. */
import type { ConfigSources, ModelReport, PresetTable, ValueSummary } from '../protocol';

export function formatReport(r: ModelReport): string {
  const lines: string[] = [];
  lines.push(`Model: ${r.modelPath}`);
  lines.push(`  opset ${r.opset}${r.explainedAtOpset !== undefined ? ` (explained at opset ${r.explainedAtOpset})` : ''}, producer ${r.producer ?? 'not recorded'}`);
  lines.push('Inputs:', ...r.inputs.map((v) => `  ${value(v)}`));
  lines.push('Outputs:', ...r.outputs.map((v) => `  ${value(v)}${v.name === r.scoreOutput ? `  <- explained (${r.classes} classes)` : ''}`));
  if (!r.outputs.some((v) => v.name === r.scoreOutput)) lines.push(`  explained: ${r.scoreOutput} (${r.classes} classes)`);
  lines.push('Ops on the path from the input to the score (after canonicalization):');
  lines.push(...wrap(r.pathOps.map((o) => `${o.op}${o.count > 1 ? ` x${o.count}` : ''}${o.hasRule ? '' : ' (NO backward rule)'}`), '  '));
  lines.push('Methods (each explanation graph built with default parameters, not run):');
  const width = Math.max(...r.methods.map((m) => m.method.length));
  for (const m of r.methods) lines.push(`  ${m.method.padEnd(width)}  ${m.ok ? 'yes' : `no: ${m.reason}`}`);
  lines.push(`Configuration: ${r.config.configPath ?? 'none found'}${r.config.guessed ? ' (nothing describes the preprocessing: it is a guess)' : ''}`);
  lines.push(...configLines(r));
  lines.push(`Labels: ${r.labelsFrom ?? 'none (classes are shown by index)'}`);
  if (r.notes.length) lines.push('Notes:', ...r.notes.map((n) => `  - ${n}`));
  return lines.join('\n');
}

export function formatPresetTable(t: PresetTable): string {
  const lines = [`Presets tried on ${t.imagePath} (${t.runs} forward run${t.runs === 1 ? '' : 's'}), most confident first:`];
  const rows = t.trials.map((x) => [x.preset, `${x.index} ${x.label}`, `${(x.probability * 100).toFixed(1)}%`, x.suggested ? '<- suggested' : '']);
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c].length), ['preset', 'top-1', 'prob'][c].length));
  const row = (cells: string[]) => `  ${cells[0].padEnd(widths[0])}  ${cells[1].padEnd(widths[1])}  ${cells[2].padStart(widths[2])}  ${cells[3]}`.trimEnd();
  lines.push(row(['preset', 'top-1', 'prob', '']), ...rows.map(row));
  const best = t.trials.find((x) => x.suggested);
  if (best) lines.push(`Set "input": { "preset": "${best.preset}" } in the model's .explain.json if it fits the model's documentation; one image's confidence is evidence, not proof.`);
  return lines.join('\n');
}

function value(v: ValueSummary): string {
  return `${v.name}  ${v.type} [${v.dims.join(', ')}]`;
}

/** Each resolved preprocessing field with its value and where it came from. */
function configLines(r: ModelReport): string[] {
  const sources: ConfigSources = r.config.sources ?? {};
  const input = r.config.input as unknown as Record<string, unknown>;
  const keys = Object.keys(input).filter((k) => k !== 'preset');
  const width = Math.max(...keys.map((k) => k.length));
  return keys.map((k) => `  ${k.padEnd(width)}  ${JSON.stringify(input[k])}  (${sources[k as keyof ConfigSources] ?? 'default'})`);
}

/** Items joined by ", " in lines of at most 100 characters. */
function wrap(items: string[], indent: string): string[] {
  const out: string[] = [];
  let line = '';
  for (const item of items) {
    if (line && line.length + item.length + 2 > 100) {
      out.push(`${indent}${line},`);
      line = item;
    } else line = line ? `${line}, ${item}` : item;
  }
  if (line) out.push(`${indent}${line}`);
  return out;
}
