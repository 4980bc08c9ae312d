/**
 * Which output is the score, for models with several (a label, probabilities, features, logits): the one a
 * setting names (`explain.scoreOutput` / the configuration's `scoreOutput`), else among the float outputs with a
 * class dimension (one dimension besides the batch that is not 1) the probabilities (a Softmax's or ZipMap's), else
 * one named like scores (logits, prob, score, class, pred), else the first. A ZipMap output (ML tools' classifiers: a
 * sequence of maps, no tensor) stands for the probabilities it zips, and its class labels are kept for the
 * labels. Nodes that only feed the other outputs are dropped, so nothing runs that the score does not need.
 */
import { ExplainError } from '../errors';
import { type IRGraph, type IRNode, type ValueInfo, producers } from '../onnx/ir';

const PROBABILITIES = new Set(['Softmax', 'LogSoftmax']);
const SCORE_NAME = /logit|prob|score|class|pred/i;

export interface ScoreOutput {
  note?: string;
  /** Class names from the ZipMap the chosen output passes through. */
  classLabels?: { labels: string[]; from: string };
}

interface Candidate {
  declared: ValueInfo;
  tensor: string;
  zipMap?: IRNode;
}

export function chooseScoreOutput(g: IRGraph, requested: string | undefined, label: string): ScoreOutput {
  const made = producers(g);
  const candidates: Candidate[] = g.outputs.map((o) => {
    const p = made.get(o.name);
    return p?.opType === 'ZipMap' ? { declared: o, tensor: p.inputs[0], zipMap: p } : { declared: o, tensor: o.name };
  });
  const names = g.outputs.map((o) => `"${o.name}"`).join(', ');
  let chosen: Candidate | undefined;
  if (requested !== undefined && requested !== '') {
    chosen = candidates.find((c) => c.declared.name === requested || c.tensor === requested);
    if (!chosen) throw new ExplainError('BAD_CONFIG', `The score output "${requested}" (explain.scoreOutput / scoreOutput) is not an output of ${label}; its outputs are ${names}.`);
  } else {
    const floats = candidates.filter((c) => c.zipMap || (c.declared.tensor !== false && c.declared.type === 'float32'));
    const classy = floats.filter((c) => c.zipMap || hasClassDimension(c.declared));
    // Features have a "class dimension" too: probabilities (a Softmax or ZipMap) or a score-like name say which is the score.
    chosen =
      classy.find((c) => c.zipMap || PROBABILITIES.has(made.get(c.tensor)?.opType ?? '')) ??
      classy.find((c) => SCORE_NAME.test(c.declared.name)) ??
      classy[0] ??
      floats[0];
    if (!chosen) throw new ExplainError('UNSUPPORTED_MODEL', `${label} has no float output to explain (outputs ${names}).`);
  }
  g.outputs = [{ name: chosen.tensor, type: 'float32', dims: chosen.zipMap ? [] : chosen.declared.dims }];
  dropUnneeded(g);
  const how = requested ? 'as set' : 'the scores among the outputs with a class dimension; explain.scoreOutput or the configuration\'s "scoreOutput" chooses another';
  const zipped = chosen.zipMap ? ` (the probabilities "${chosen.tensor}" that ZipMap "${chosen.zipMap.name}" zips)` : '';
  const note = candidates.length > 1 || requested ? `The model has ${candidates.length} output(s) (${names}); "${chosen.declared.name}"${zipped} is explained (${how}).` : undefined;
  return { note, classLabels: chosen.zipMap ? zipMapLabels(chosen.zipMap) : undefined };
}

/** Exactly one dimension besides the batch is not 1 (a symbolic one counts): [N, 1000], [N, 10, 1, 1]. */
function hasClassDimension(v: ValueInfo): boolean {
  const rest = v.dims.slice(1);
  return rest.length > 0 && rest.filter((d) => d !== 1).length === 1;
}

function zipMapLabels(z: IRNode): ScoreOutput['classLabels'] {
  const strings = z.attrs.classlabels_strings;
  const ints = z.attrs.classlabels_int64s;
  const labels = strings?.type === 'strings' ? strings.value : ints?.type === 'ints' ? ints.value.map(String) : undefined;
  return labels?.length ? { labels, from: `the model's ZipMap "${z.name}"` } : undefined;
}

function dropUnneeded(g: IRGraph): void {
  const needed = new Set(g.outputs.map((o) => o.name));
  const kept = new Set<IRNode>();
  for (const n of [...g.nodes].reverse()) {
    if (!n.outputs.some((o) => needed.has(o))) continue;
    kept.add(n);
    for (const i of n.inputs) if (i) needed.add(i);
  }
  g.nodes = g.nodes.filter((n) => kept.has(n));
}
