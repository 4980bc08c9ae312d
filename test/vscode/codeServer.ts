/**
 * Starts the pinned code-server (test/vscode/code-server, see its install.sh) isolated in a sandbox:
 * own config, user data, extensions and XDG folders, loopback only, no auth, no trust prompt.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { REPO_ROOT, type Sandbox } from './sandbox';

export const CODE_SERVER_BIN = path.join(REPO_ROOT, 'test', 'vscode', 'code-server', 'node_modules', '.bin', 'code-server');

export interface CodeServer {
  origin: string;
  port: number;
  stop(): Promise<void>;
}

/** `port`: where to listen; a free one by default (tests), a fixed one for people. */
export async function startCodeServer(sandbox: Sandbox, log: (line: string) => void, port?: number): Promise<CodeServer> {
  if (!fs.existsSync(CODE_SERVER_BIN)) {
    throw new Error(`code-server is not installed: run "bash test/vscode/code-server/install.sh" (expected ${CODE_SERVER_BIN}).`);
  }
  port ??= await freePort();
  const config = path.join(sandbox.dir, 'code-server.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const child = spawn(
    CODE_SERVER_BIN,
    [
      '--config', config,
      '--user-data-dir', sandbox.userDataDir,
      '--extensions-dir', sandbox.extensionsDir,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      sandbox.workspace,
    ],
    {
      // Its own process group, so stopping it ends the server's children too (and nothing else).
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, XDG_DATA_HOME: path.join(sandbox.dir, 'xdg-data'), XDG_CONFIG_HOME: path.join(sandbox.dir, 'xdg-config') },
    },
  );
  child.stdout?.on('data', (d: Buffer) => log(`[code-server] ${d.toString().trimEnd()}`));
  child.stderr?.on('data', (d: Buffer) => log(`[code-server] ${d.toString().trimEnd()}`));
  const origin = `http://127.0.0.1:${port}`;
  await waitForHealth(origin, child, 60_000);
  return { origin, port, stop: () => stop(child) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(origin: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with code ${child.exitCode} before it was ready.`);
    if (await healthy(origin)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop(child);
  throw new Error(`code-server did not answer ${origin}/healthz within ${timeoutMs / 1000} s.`);
}

function healthy(origin: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(`${origin}/healthz`, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => req.destroy());
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}
