import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileStore, mementoStore, PanelState } from '../../../extension/panel/panelState';

function memento() {
  const values = new Map<string, unknown>();
  return mementoStore(
    {
      get: <T>(key: string): T | undefined => values.get(key) as T | undefined,
      update: (key: string, value: unknown) => {
        if (value === undefined) values.delete(key);
        else values.set(key, JSON.parse(JSON.stringify(value)));
        return Promise.resolve();
      },
    },
    'state',
  );
}

const fish = { imagePath: '/w/images/fish.png', method: 'gradient' as const };
const display = { picture: 'heatmap' as const, opacity: 0.8, colormap: 'positive' as const, percentile: 98, sharedScale: true };

test('a restored panel shows the host\'s copy, which is newer than the state the workbench kept', () => {
  const state = new PanelState(memento());
  state.showing([{ ...fish, method: 'grad-cam', target: 3 }]);
  state.displayed(display);
  const stale = { requests: [fish], display: { ...display, picture: 'overlay' } };
  assert.deepEqual(state.restore(stale), { requests: [{ ...fish, method: 'grad-cam', target: 3, params: undefined }], display });
});

test('without a host copy (or one without requests) the workbench\'s state is used, checked', () => {
  const state = new PanelState(memento());
  assert.deepEqual(state.restore({ requests: [fish, { imagePath: 1, method: 'nope' }] }).requests, [{ ...fish, target: undefined, params: undefined }]);
  state.displayed(display);
  assert.deepEqual(state.restore({ requests: [fish] }).requests.map((r) => r.method), ['gradient'], 'a display alone restores nothing');
  assert.deepEqual(state.restore('garbage'), { requests: [] });
  assert.deepEqual(state.restore(undefined), { requests: [] });
});

test('the display the view reports is kept with the requests, only its known settings, and a new panel clears it', () => {
  const state = new PanelState(memento());
  state.showing([fish]);
  state.displayed({ ...display, opacity: 7, extra: 'x' });
  assert.deepEqual(state.get(), { requests: [{ ...fish, target: undefined, params: undefined }], display: { ...display, opacity: 0.5 } });
  state.showing([{ ...fish, method: 'lrp' }]);
  assert.equal(state.get()?.display?.picture, 'heatmap', 'a new result keeps the display');
  state.clear();
  assert.equal(state.get(), undefined);
});

test('the file copy is on disk when the call returns, and a missing or broken file reads as none', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'explain-state-'));
  try {
    const file = path.join(dir, 'storage', 'panel-state.json');
    const state = new PanelState(fileStore(file));
    assert.equal(state.get(), undefined);
    state.showing([fish]);
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { requests: [{ ...fish }] });
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['panel-state.json'], 'written whole, no temporary left');
    fs.writeFileSync(file, '{"requests": [');
    assert.equal(state.get(), undefined);
    state.clear();
    assert.ok(!fs.existsSync(file));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
