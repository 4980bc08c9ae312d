/** The extension activates, and the manifest and the code agree on every command and method. */
import * as assert from 'assert';
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
});
