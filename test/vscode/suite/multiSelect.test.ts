/** Explain prediction on several selected files explains every selected image, each in a tab of its own. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands } from '../../../extension/ids';
import { api, ok, resetSettings, run, sampleImage, setSetting, workspaceDir } from './helpers';

function explanationTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('explain.explanation'));
}

describe('multi-select', () => {
  before(api);
  after(resetSettings);

  it('explains each selected image in its own tab, and says which selected files are not images', async () => {
    await setSetting('method', 'gradient');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const notes = path.join(workspaceDir(), 'notes.txt');
    fs.writeFileSync(notes, 'not an image\n');
    const kitten = vscode.Uri.file(sampleImage('images/winml_kitten.png'));
    const fish = vscode.Uri.file(sampleImage('images/winml_fish.png'));
    // As the explorer calls it: the clicked file, then the whole selection.
    const outcome = ok(await run(Commands.explain, kitten, [kitten, vscode.Uri.file(notes), fish]));
    assert.deepStrictEqual(outcome.results.map((r) => r.target), [281, 0], 'tabby, then tench');
    const panels = (await api()).shownPanels();
    assert.deepStrictEqual(panels.map((p) => p.map((r) => path.basename(r.imagePath))), [['winml_kitten.png'], ['winml_fish.png']]);
    assert.strictEqual(explanationTabs().length, 2, 'one tab each');
    // Commands then act on the last one opened.
    assert.strictEqual(path.basename((await api()).shownRequests()[0].imagePath), 'winml_fish.png');
  });
});
