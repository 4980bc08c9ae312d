/**
 * `npm start` (test/vscode/launch.sh) on machines it cannot see here: with stub system commands on PATH and
 * EXPLAIN_LAUNCH_DRY=1, it must refresh a node_modules behind the lockfile, never run apt-get without asking
 * (here stdin is not a terminal: it prints the command and stops), and off Debian say what it needs.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fixture } from '../helpers/fixtures';

const LAUNCH = join(fixture(), '..', '..', 'test', 'vscode', 'launch.sh');
const root = mkdtempSync(join(tmpdir(), 'explain-launch-'));
after(() => rmSync(root, { recursive: true, force: true }));

interface Machine {
  /** Stub commands: name -> script body. */
  stubs: Record<string, string>;
  /** Versions in package-lock.json, and in npm's record of node_modules (undefined: no node_modules). */
  locked: Record<string, string>;
  installed?: Record<string, string>;
}

let n = 0;
function start(m: Machine): { status: number | null; stdout: string; stderr: string; aptCalls: boolean } {
  const repo = join(root, `repo-${n++}`);
  const bin = join(repo, 'bin');
  mkdirSync(join(repo, 'test', 'vscode'), { recursive: true });
  mkdirSync(bin);
  copyFileSync(LAUNCH, join(repo, 'test', 'vscode', 'launch.sh'));
  // Only these real commands: no dpkg, apt-get, code, rg or pkg-config unless a stub provides one.
  for (const cmd of ['bash', 'dirname', 'id', 'env']) symlinkSync(spawnSync('bash', ['-c', `command -v ${cmd}`]).stdout.toString().trim(), join(bin, cmd));
  symlinkSync(process.execPath, join(bin, 'node'));
  const aptLog = join(repo, 'apt-called');
  const stubs = { 'apt-get': `touch ${aptLog}`, ...m.stubs };
  for (const [name, body] of Object.entries(stubs)) {
    writeFileSync(join(bin, name), `#!${join(bin, 'bash')}\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  const lock = (versions: Record<string, string>) =>
    JSON.stringify({ packages: Object.fromEntries([['', {}], ...Object.entries(versions).map(([k, v]) => [`node_modules/${k}`, { version: v }])]) });
  if (m.installed) {
    mkdirSync(join(repo, 'node_modules'));
    writeFileSync(join(repo, 'node_modules', '.package-lock.json'), lock(m.installed));
  }
  // Written after node_modules, so the lockfile is the newer file, as after a pull or a fresh checkout.
  const later = Date.now() / 1000 + 5;
  writeFileSync(join(repo, 'package-lock.json'), lock(m.locked));
  spawnSync('touch', ['-d', `@${later}`, join(repo, 'package-lock.json')]);
  const run = spawnSync(join(bin, 'bash'), [join(repo, 'test', 'vscode', 'launch.sh')], {
    env: { PATH: bin, EXPLAIN_LAUNCH_DRY: '1', HOME: repo },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, aptCalls: existsSync(aptLog) };
}

const DEBIAN_WITHOUT_PACKAGES = { dpkg: 'exit 1' };
const DEBIAN_WITH_PACKAGES = { dpkg: 'exit 0' };
const CODE = { code: 'exit 0' };

test('npm start: a node_modules behind the lockfile is reinstalled; one that matches it is kept', () => {
  const behind = start({ stubs: { ...CODE }, locked: { sharp: '0.35.5' }, installed: { sharp: '0.34.0' } });
  assert.equal(behind.status, 0, behind.stderr);
  assert.match(behind.stderr, /node_modules is behind package-lock\.json \(sharp\): reinstalling/);
  assert.match(behind.stdout, /^would run: env ONNXRUNTIME_NODE_INSTALL=skip npm ci/m);
  assert.match(behind.stdout, /would run: code --extensionDevelopmentPath=/);

  const same = start({ stubs: { ...CODE }, locked: { sharp: '0.35.5' }, installed: { sharp: '0.35.5' } });
  assert.equal(same.status, 0, same.stderr);
  assert.doesNotMatch(same.stdout, /npm ci/, 'a checkout that only touched the lockfile reinstalls nothing');
  assert.match(same.stdout, /would run: npm run build/);

  const none = start({ stubs: { ...CODE }, locked: { sharp: '0.35.5' } });
  assert.match(none.stdout, /npm ci/, 'no node_modules at all');
});

test('npm start: missing Debian packages are never installed without asking; not interactive, it prints the command and stops', () => {
  const run = start({ stubs: { ...DEBIAN_WITHOUT_PACKAGES }, locked: {}, installed: {} });
  assert.equal(run.status, 1);
  assert.equal(run.aptCalls, false, 'apt-get was not run');
  assert.match(run.stderr, /needs these Debian packages: libkrb5-dev pkg-config ripgrep/);
  assert.match(run.stderr, /apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libkrb5-dev pkg-config ripgrep/);
  assert.doesNotMatch(run.stdout, /would run/, 'nothing was installed or built');
});

test('npm start: on Debian with the packages it goes on to code-server', () => {
  const run = start({ stubs: { ...DEBIAN_WITH_PACKAGES }, locked: {}, installed: {} });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /would run: bash test\/vscode\/code-server\/install\.sh\nwould run: node out\/test\/vscode\/launch\.js/);
});

test('npm start: off Debian it says plainly what code-server needs, with no dpkg message', () => {
  const run = start({ stubs: {}, locked: {}, installed: {} });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /This is not a Debian system \(no dpkg\/apt-get\)/);
  assert.match(run.stderr, /- pkg-config\n\s+- ripgrep \(rg\)\n\s+- the Kerberos development files/);
  assert.match(run.stderr, /or install desktop VS Code/);
  assert.doesNotMatch(run.stderr, /dpkg: |command not found/);

  const equipped = start({ stubs: { 'pkg-config': 'exit 0', rg: 'exit 0', 'krb5-config': 'exit 0' }, locked: {}, installed: {} });
  assert.equal(equipped.status, 0, equipped.stderr);
  assert.match(equipped.stdout, /would run: node out\/test\/vscode\/launch\.js/);
});
