// Starts an isolated code-server for one test run, and opens its workbench in headless Chromium
// with this project loaded from source (extensionDevelopmentPath).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import { CHROMIUM, NODE24, ROOT, SetupError, ensureCodeServer, node24Env } from './setup.mjs';

// User settings that keep runs quiet and deterministic: no telemetry, update checks, welcome
// pages, trust prompts or AI panels competing with the views under test.
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
};

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Throws a SetupError when build outputs the tests depend on are missing. */
export function requireBuilt(...files) {
  const missing = files.filter((f) => !fs.existsSync(path.join(ROOT, f)));
  if (missing.length) throw new SetupError(`missing ${missing.join(', ')}: run \`npm run build && npm run compile\` first`);
}

/** A fresh demo repository (git history plus .modelledger/ledger.db), made by the project's generator. */
function makeDemoWorkspace(target) {
  const result = spawnSync(NODE24, [path.join(ROOT, 'out', 'scripts', 'make-demo.js'), target], { cwd: ROOT, encoding: 'utf8', env: node24Env() });
  if (result.status !== 0) {
    throw new Error(`out/scripts/make-demo.js failed (exit ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
  }
}

function tail(file, lines = 20) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Starts code-server on 127.0.0.1 on a fresh demo workspace, with every piece of state (config,
 * user data, extensions, XDG dirs, the workspace) in one temp dir that stop() removes.
 * `env` reaches the extension host: it is forked from the server.
 */
export async function startServer({ env = {} } = {}) {
  requireBuilt('dist/extension.js', 'out/scripts/make-demo.js');
  const entry = ensureCodeServer();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-ledger-code-server-'));
  const workspace = path.join(dir, 'demo');
  try {
    makeDemoWorkspace(workspace);
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const port = await freePort();
  const settingsFile = path.join(dir, 'user-data', 'User', 'settings.json');
  const writeSettings = (values) => fs.writeFileSync(settingsFile, JSON.stringify(values, null, 2));
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.mkdirSync(path.join(dir, 'tmp'));
  writeSettings(QUIET_SETTINGS);
  // Its own config file: without --config code-server writes ~/.config/code-server/config.yaml.
  const config = path.join(dir, 'config.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const logFile = path.join(dir, 'server.log');
  const log = fs.openSync(logFile, 'w');

  const args = [entry, '--config', config, '--user-data-dir', path.join(dir, 'user-data'),
    '--extensions-dir', path.join(dir, 'extensions'), '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override',
    // Makes the workbench honour the `payload` URL parameter (extensionDevelopmentPath/TestsPath).
    '--vscode-option', 'enable-smoke-test-driver', workspace];
  // detached: own process group, so stop() also reaches the file watchers and extension host,
  // which outlive a kill of the main process.
  const child = spawn(NODE24, args, {
    cwd: dir,
    detached: true,
    stdio: ['ignore', log, log],
    env: node24Env({
      // code-server writes ~/.local/share/code-server (logs, heartbeat) unless XDG_* say otherwise.
      XDG_DATA_HOME: path.join(dir, 'xdg-data'),
      XDG_CONFIG_HOME: path.join(dir, 'xdg-config'),
      // VS Code leaves its IPC sockets (vscode-ipc-*, vscode-git-*) behind in TMPDIR.
      TMPDIR: path.join(dir, 'tmp'),
      // No extension gallery: runs stay offline instead of logging failed open-vsx.org lookups.
      EXTENSIONS_GALLERY: '{}',
      ...env,
    }),
  });
  fs.closeSync(log);
  const exited = new Promise((resolve) => child.once('exit', resolve));

  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch (e) {
      if (e.code !== 'ESRCH') throw e;
    }
  };
  // Last resort when the runner dies (uncaught error, Ctrl-C): a detached server would survive it.
  const onExit = () => {
    killGroup('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = (signal) => process.exit(signal === 'SIGINT' ? 130 : 143);
  process.once('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const server = {
    url: `http://127.0.0.1:${port}`,
    workspace,
    /** Rewrites the user settings file; the running workbench picks the change up live. */
    updateSettings: (values) => writeSettings({ ...QUIET_SETTINGS, ...values }),
    logTail: (lines) => tail(logFile, lines),
    async stop() {
      process.off('exit', onExit);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      killGroup('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      killGroup('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const log = tail(logFile);
      await server.stop();
      throw new Error(`code-server exited during startup (${child.exitCode ?? child.signalCode}):\n${log}`);
    }
    const healthy = await fetch(`${server.url}/healthz`).then((r) => r.ok, () => false);
    if (healthy) return server;
    if (Date.now() > deadline) {
      const log = tail(logFile);
      await server.stop();
      throw new Error(`code-server did not answer ${server.url}/healthz within 30 s:\n${log}`);
    }
    await sleep(100);
  }
}

/** Workbench URL opening the server's workspace with this project loaded from source. */
export function workbenchUrl(server, { extensionTestsPath } = {}) {
  // code-server's workbench names its remote authority "remote".
  const remote = (p) => `vscode-remote://remote${path.resolve(ROOT, p)}`;
  const payload = [['extensionDevelopmentPath', remote(ROOT)]];
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  return `${server.url}/?folder=${encodeURIComponent(server.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** A fresh headless Chromium (Playwright gives it a throwaway profile) and one page in it. */
export async function launchBrowser() {
  // Chromium keeps its crash database in $XDG_CONFIG_HOME/chromium whatever the profile dir is.
  const configHome = fs.mkdtempSync(path.join(os.tmpdir(), 'model-ledger-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    env: { ...process.env, XDG_CONFIG_HOME: configHome },
  }).catch((e) => {
    fs.rmSync(configHome, { recursive: true, force: true });
    throw e;
  });
  browser.on('disconnected', () => fs.rmSync(configHome, { recursive: true, force: true }));
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  return { browser, page };
}
