/**
 * Writes the engine's method list (src/methods, the one list) into package.json's `explain.method` enum and
 * its descriptions: a manifest cannot import, so this keeps it in step. The extension-host suite fails
 * when they differ. Usage: npm run sync-manifest
 */
import * as fs from 'fs';
import * as path from 'path';
import { METHODS } from '../../src/methods';

const manifestPath = path.resolve(__dirname, '..', '..', '..', 'package.json');
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
const setting = manifest.contributes.configuration.properties['explain.method'];
setting.enum = METHODS.map((m) => m.name);
setting.enumDescriptions = METHODS.map((m) => `${m.title}: ${m.description}`);
fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
console.log(`explain.method: ${setting.enum.join(', ')}`);
