/** The extension activates, and the manifest and the code agree on every command and method. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands, IMAGE_EXTENSIONS } from '../../../extension/ids';
import { METHODS } from '../../../extension/methods';
import schema from '../../../src/config/model-config.schema.json';
import { api, extension } from './helpers';

interface Manifest {
  contributes: {
    commands: { command: string; category: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, { enum?: string[] }> };
    walkthroughs: { id: string; steps: { id: string; description: string; media: { markdown?: string } }[] }[];
  };
  extensionKind: string[];
  capabilities: { untrustedWorkspaces: { supported: string | boolean } };
}

describe('activation', () => {
  const manifest = (): Manifest => extension().packageJSON as Manifest;

  it('activates and returns its API', async () => {
    const exported = await api();
    assert.ok(extension().isActive);
    assert.strictEqual(typeof exported.onDidRender, 'function');
    assert.deepStrictEqual(exported.shownRequests(), []);
  });

  it('registers every command the manifest contributes, and the manifest lists every command', async () => {
    await api();
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest().contributes.commands.map((c) => c.command);
    for (const id of contributed) assert.ok(registered.has(id), `${id} is contributed but not registered`);
    assert.deepStrictEqual([...contributed].sort(), Object.values(Commands).sort());
    assert.ok(manifest().contributes.commands.every((c) => c.category === 'Explain'));
  });

  it('offers in settings exactly the methods of the method list', () => {
    const methodEnum = manifest().contributes.configuration.properties['explain.method'].enum;
    const engine = METHODS.map((m) => m.name);
    const missing = engine.filter((m) => !methodEnum?.includes(m));
    assert.deepStrictEqual(methodEnum, engine, `package.json's explain.method enum must list the engine's methods in order: run "npm run sync-manifest" (missing: ${missing.join(', ') || 'none'})`);
  });

  it('offers "Explain prediction" on exactly the image types the decoder reads', () => {
    const when = manifest().contributes.menus['explorer/context'][0].when ?? '';
    const [, source, flags] = /=~ \/(.*)\/(\w*)$/.exec(when) ?? [];
    const pattern = new RegExp(source, flags);
    for (const ext of IMAGE_EXTENSIONS) assert.ok(pattern.test(`.${ext}`), `.${ext} is not offered`);
    for (const other of ['.txt', '.onnx', '.json', '.svg']) assert.ok(!pattern.test(other), `${other} is offered`);
  });

  it('takes the same preprocessing in settings as in a .explain.json', () => {
    const setting = manifest().contributes.configuration.properties['explain.input'] as { properties?: unknown };
    assert.deepStrictEqual(setting.properties, schema.properties.input.properties);
  });

  it('runs where the workspace is, with limited support for untrusted workspaces', () => {
    assert.deepStrictEqual(manifest().extensionKind, ['workspace']);
    assert.strictEqual(manifest().capabilities.untrustedWorkspaces.supported, 'limited');
  });

  it('has a walkthrough whose buttons run registered commands and whose pages ship with it', async () => {
    await api();
    const registered = new Set(await vscode.commands.getCommands(true));
    const [walkthrough] = manifest().contributes.walkthroughs;
    assert.deepStrictEqual(walkthrough.steps.map((s) => s.id), ['explainSample', 'ownModel', 'switchCompare', 'layerTable']);
    for (const step of walkthrough.steps) {
      for (const [, command] of step.description.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(registered.has(command), `${step.id}: ${command}`);
      assert.ok(step.media.markdown && fs.existsSync(path.join(extension().extensionPath, step.media.markdown)), `${step.id}: ${step.media.markdown}`);
    }
    assert.ok(fs.existsSync(path.join(extension().extensionPath, 'media', 'samples', 'kitten.png')));
  });

  it('"Explain a Sample Image" explains the bundled kitten, which the bundled model calls a tabby', async () => {
    const outcome = await vscode.commands.executeCommand<{ status: string; results: { target: number; label: string }[] }>(Commands.explainSample);
    assert.strictEqual(outcome?.status, 'ok', JSON.stringify(outcome));
    assert.strictEqual(outcome.results[0].target, 281);
    assert.strictEqual(outcome.results[0].label, 'tabby');
  });
});
