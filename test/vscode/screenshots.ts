/**
 * Screenshots of the explanation view in light, high-contrast (and dark) themes, to look at by eye: code-server
 * with the packaged extension, one image explained, a layer opened and a neuron row focused (so focus outlines
 * show). Not part of `npm test`.
 * Usage: npm run screenshots:view   (writes .tmp/ui-light.png, .tmp/ui-hc.png, .tmp/ui-dark.png and *-table.png)
 * EXPLAIN_UI_THEMES=light,hc picks a subset.
 */
import * as fs from 'fs';
import * as path from 'path';
import { keepEvidence } from './browser';
import { openInstalledWorkbench } from './installedWorkbench';
import { REPO_ROOT } from './sandbox';
import { explainFromExplorer, explanationView, explorerRow } from './workbench';

const THEMES: Record<string, string> = {
  light: 'Default Light Modern',
  hc: 'Default High Contrast',
  'hc-light': 'Default High Contrast Light',
  dark: 'Default Dark Modern',
};

async function shoot(name: string, theme: string): Promise<void> {
  const wb = await openInstalledWorkbench(theme);
  const { page, transcript } = wb;
  try {
    await page.goto(wb.url);
    await explorerRow(page, 'images').click({ timeout: 60_000 });
    await explainFromExplorer(page, 'winml_fish.png', 1);
    const view = explanationView(page);
    // Maximize the editor area so more of the view is visible.
    await page.keyboard.press('Control+KeyB').catch(() => undefined);
    await view.locator('.layer-row').first().click();
    await view.locator('.neuron-rows [role=row]').first().waitFor();
    const out = path.join(REPO_ROOT, '.tmp');
    fs.mkdirSync(out, { recursive: true });
    await view.locator('.class-pick').nth(1).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    await view.locator('h1').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(out, `ui-${name}.png`) });
    await view.locator('.neuron-scroll').focus();
    await page.keyboard.press('ArrowDown');
    await view.locator('.neuron-scroll').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(out, `ui-${name}-table.png`) });
    console.log(`screenshots: ${theme} -> .tmp/ui-${name}.png, .tmp/ui-${name}-table.png`);
  } catch (err) {
    console.error(`screenshots: ${theme} failed: ${err instanceof Error ? err.message : err}`);
    await keepEvidence(page, `screenshots-${name}`, transcript);
    throw err;
  } finally {
    await wb.close();
  }
}

async function main(): Promise<void> {
  const names = (process.env.EXPLAIN_UI_THEMES ?? 'light,hc,dark').split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) {
    const theme = THEMES[name];
    if (!theme) throw new Error(`unknown theme ${name} (${Object.keys(THEMES).join(', ')})`);
    await shoot(name, theme);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
