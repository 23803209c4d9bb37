// Starts code-server, isolated for one test run or with kept state for npm start, and opens its
// workbench in headless Chromium with this project loaded from source (extensionDevelopmentPath).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import { CHROMIUM, NODE24, ROOT, SetupError, checkChromium, ensureCodeServer, node24Env } from './setup.mjs';

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

/** `preferred` if it is free on 127.0.0.1, else any free port. */
function freePort(preferred = 0) {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
      .once('error', (e) => (preferred ? freePort().then(resolve, reject) : reject(e)))
      .listen(preferred, '127.0.0.1', () => {
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
export function makeDemoWorkspace(target) {
  const result = spawnSync(NODE24, [path.join(ROOT, 'out', 'scripts', 'make-demo.js'), target], { cwd: ROOT, encoding: 'utf8', env: node24Env() });
  if (result.status !== 0) {
    throw new Error(`out/scripts/make-demo.js failed (exit ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
  }
}

function readIfExists(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function tail(file, lines = 20) {
  return readIfExists(file).trimEnd().split('\n').slice(-lines).join('\n') || '(no log)';
}

/**
 * Starts code-server on 127.0.0.1 (auth none) and resolves once it answers /healthz.
 * By default every piece of state (config, user data, extensions, XDG dirs, a fresh demo
 * workspace) lives in one temp dir that stop() removes. Options:
 * - stateDir: keep that state here across runs instead (npm start); stop() leaves it.
 * - workspace: the folder (or .code-workspace file) to open instead of a fresh demo.
 * - port: instead of a free one (or, with stateDir, the one it used last time).
 * - install: .vsix files to install into the server's extensions dir before it starts.
 * - env: reaches the extension host too: it is forked from the server.
 * - workspaceTrust: leave VS Code's workspace trust on (a test about trust); off otherwise.
 */
export async function startServer({ stateDir, workspace, port, install = [], env = {}, workspaceTrust = false } = {}) {
  requireBuilt('dist/extension.js', 'out/scripts/make-demo.js');
  const entry = ensureCodeServer();
  const dir = stateDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'model-ledger-code-server-'));
  const removeTemp = () => {
    if (!stateDir) fs.rmSync(dir, { recursive: true, force: true });
  };
  fs.mkdirSync(dir, { recursive: true });
  if (!workspace) {
    workspace = path.join(dir, 'demo');
    try {
      makeDemoWorkspace(workspace);
    } catch (e) {
      removeTemp();
      throw e;
    }
  }
  // Its own config file: without --config code-server writes ~/.config/code-server/config.yaml.
  const config = path.join(dir, 'config.yaml');
  // A kept state dir keeps its port when it can: the workbench keeps its layout in the browser's
  // IndexedDB, per origin, so a new port would start the user over.
  const lastPort = stateDir && Number(/^bind-addr: .*:(\d+)$/m.exec(readIfExists(config))?.[1]);
  port ??= await freePort(lastPort || 0);
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const settingsFile = path.join(dir, 'user-data', 'User', 'settings.json');
  const writeSettings = (values) => fs.writeFileSync(settingsFile, JSON.stringify(values, null, 2));
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  // Only the first time: in a kept state dir they are the user's settings from then on.
  if (!fs.existsSync(settingsFile)) writeSettings(QUIET_SETTINGS);
  // VS Code leaves its IPC sockets (vscode-ipc-*, vscode-git-*) behind in TMPDIR.
  const tmp = path.join(dir, 'tmp');
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp);
  const logFile = path.join(dir, 'server.log');

  const common = [entry, '--config', config, '--user-data-dir', path.join(dir, 'user-data'), '--extensions-dir', path.join(dir, 'extensions')];
  const serverEnv = node24Env({
    // code-server writes ~/.local/share/code-server (logs, heartbeat) unless XDG_* say otherwise.
    XDG_DATA_HOME: path.join(dir, 'xdg-data'),
    XDG_CONFIG_HOME: path.join(dir, 'xdg-config'),
    TMPDIR: tmp,
    // code-server lets $PORT override the config's port; an inherited one must not.
    PORT: String(port),
    // No extension gallery: runs stay offline instead of logging failed open-vsx.org lookups.
    EXTENSIONS_GALLERY: '{}',
    ...env,
  });
  if (install.length) {
    const result = spawnSync(NODE24, [...common, ...install.flatMap((vsix) => ['--install-extension', vsix])], { cwd: dir, env: serverEnv, encoding: 'utf8' });
    if (result.status !== 0) {
      removeTemp();
      throw new Error(`code-server --install-extension failed (exit ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
    }
  }

  const log = fs.openSync(logFile, 'w');
  const args = [...common, '--disable-telemetry', '--disable-update-check', ...(workspaceTrust ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override',
    // Makes the workbench honour the `payload` URL parameter (extensionDevelopmentPath/TestsPath).
    '--vscode-option', 'enable-smoke-test-driver', workspace];
  // detached: own process group, so stop() also reaches the file watchers and extension host,
  // which outlive a kill of the main process.
  const child = spawn(NODE24, args, { cwd: dir, detached: true, stdio: ['ignore', log, log], env: serverEnv });
  fs.closeSync(log);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)));

  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch (e) {
      if (e.code !== 'ESRCH') throw e;
    }
  };
  // Last resort when the runner exits without stop() (an uncaught error): a detached server
  // would survive it.
  const onExit = () => {
    killGroup('SIGKILL');
    removeTemp();
  };
  // Ctrl-C reaches only the runner's process group, not the detached server's.
  const onSignal = (signal) => server.stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  process.once('exit', onExit);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let stopping;
  const server = {
    url: `http://127.0.0.1:${port}`,
    workspace,
    /** Resolves, with how it ended, only if code-server exits without stop(). */
    crashed: exited.then((how) => (stopping ? new Promise(() => {}) : how)),
    /** Rewrites the user settings file: for the next page load, a running workbench often misses it. */
    updateSettings: (values) => writeSettings({ ...QUIET_SETTINGS, ...values }),
    logTail: (lines) => tail(logFile, lines),
    stop() {
      stopping ??= (async () => {
        killGroup('SIGTERM');
        await Promise.race([exited, sleep(5000)]);
        killGroup('SIGKILL');
        removeTemp();
        process.off('exit', onExit);
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      })();
      return stopping;
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

/** Workbench URL opening the server's workspace, with this project loaded from source unless fromSource is false. */
export function workbenchUrl(server, { extensionTestsPath, fromSource = true } = {}) {
  const kind = server.workspace.endsWith('.code-workspace') ? 'workspace' : 'folder';
  const url = `${server.url}/?${kind}=${encodeURIComponent(server.workspace)}`;
  if (!fromSource) return url;
  // code-server's workbench names its remote authority "remote".
  const remote = (p) => `vscode-remote://remote${path.resolve(ROOT, p)}`;
  const payload = [['extensionDevelopmentPath', remote(ROOT)]];
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  return `${url}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** A fresh headless Chromium (Playwright gives it a throwaway profile) and one page in it. */
export async function launchBrowser() {
  checkChromium();
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
