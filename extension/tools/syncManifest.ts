/**
 * Writes the engine's method list (src/methods, the one list) into package.json's `explain.method` enum and
 * its descriptions, and the model configuration's `input` schema into `explain.input`: a manifest cannot import,
 * so this keeps it in step. The extension-host suite fails
 * when they differ. Usage: npm run sync-manifest
 */
import * as fs from 'fs';
import * as path from 'path';
import { METHODS } from '../../src/methods';
import { DEFAULT_CHOICE, methodChoices } from '../methodChoices';

const manifestPath = path.resolve(__dirname, '..', '..', '..', 'package.json');
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
const setting = manifest.contributes.configuration.properties['explain.method'];
setting.enum = METHODS.map((m) => m.name);
// Plain words first, the paper second; LRP's line names the presets the picker offers as choices of their own.
const choices = methodChoices();
const plain = new Map(choices.filter((c) => !c.composite).map((c) => [c.method, c]));
const recommended = choices.find((c) => c.recommended)!;
setting.enumDescriptions = METHODS.map((m) => {
  const c = m.name === recommended.method ? recommended : plain.get(m.name)!;
  const preset = m.name === DEFAULT_CHOICE.method ? ` The default, with explain.params.composite ${DEFAULT_CHOICE.composite} (recommended: reads at a glance, about the cost of a gradient); other presets, or explain.params.composite "" for explain.params.rule everywhere, in Switch Attribution Method.` : '';
  return `${c.label} (${c.paper}): ${m.description}${preset}`;
});
setting.default = DEFAULT_CHOICE.method;
const schema = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'src', 'config', 'model-config.schema.json'), 'utf8'));
manifest.contributes.configuration.properties['explain.input'].properties = schema.properties.input.properties;
fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
console.log(`explain.method: ${setting.enum.join(', ')}`);
