// Installs a pinned code-server (a real VS Code workbench whose extension host runs on Node) into
// the ignored cache folder .vscode-test/code-server/. It is not a devDependency on purpose: its
// postinstall compiles native modules, so `npm ci` would fail on machines without libkrb5-dev,
// and users with desktop VS Code never need it.
// Usage: node scripts/code-server/setup.mjs   (also imported by the other scripts here)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingFor, missingMessage } from '../prerequisites.mjs';

export const CODE_SERVER_VERSION = '4.139.1';
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE_DIR = path.join(ROOT, '.vscode-test', 'code-server');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// code-server 4.139 requires Node 24 (engines) and its extension host runs on the same binary.
// The project pins it through the `node` devDependency. Its preinstall fetches the full Node
// distribution (with the headers code-server's native modules compile against) into NODE24_DIR
// and hard-links the binary to bin/node. A later `npm install <pkg>` prunes NODE24_DIR as
// extraneous but leaves bin/node, so only installing code-server needs NODE24_DIR.
const NODE24_DIR = path.join(ROOT, 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`);
export const NODE24 = path.join(ROOT, 'node_modules', 'node', 'bin', 'node');

const ENTRY = path.join(CACHE_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const MARKER = path.join(CACHE_DIR, `.installed-${CODE_SERVER_VERSION}`);
const LOG = path.join(CACHE_DIR, 'install.log');

export class SetupError extends Error {}

/** Environment in which `node` (and npm's lifecycle scripts) is the pinned Node 24. */
export function node24Env(extra = {}) {
  return { ...process.env, PATH: `${path.dirname(NODE24)}${path.delimiter}${process.env.PATH ?? ''}`, ...extra };
}

// Under `npm run`, the outer npm describes itself (its Node, node-gyp, package, script) in these
// variables, and a nested npm passes them on as its own. code-server's postinstall reads the Node
// version from npm_config_user_agent, so it would see the outer Node 20 and refuse.
const OUTER_NPM_VARS = /^(npm_config_(user_agent|node_gyp|npm_version|local_prefix)|npm_(node_)?execpath|npm_command|npm_(package|lifecycle)_.*|NODE|INIT_CWD)$/;

function withoutOuterNpm(env) {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !OUTER_NPM_VARS.test(name)));
}

/** Throws what to install when code-server cannot be installed here; Node 24 comes from `npm ci`. */
function checkPrerequisites({ installing }) {
  const missing = installing ? missingFor('start') : [];
  if (missing.length) throw new SetupError(`code-server setup: ${missingMessage('start', missing)}`);
  if (!fs.existsSync(NODE24)) {
    throw new SetupError(`code-server setup: Node 24 not found at ${path.relative(ROOT, NODE24)}; run \`npm ci\` in ${ROOT} first`);
  }
}

/** Throws what to install when there is no Chromium to drive the workbench with. */
export function checkChromium() {
  if (fs.existsSync(CHROMIUM)) return;
  throw new SetupError(`${CHROMIUM} not found: ${missingMessage('test', ['chromium'])}${process.env.CHROMIUM ? '' : ' (or set CHROMIUM to a Chromium binary)'}`);
}

const hasHeaders = (dir) => fs.existsSync(path.join(dir, 'include', 'node', 'node.h'));

/**
 * A Node 24 folder with headers for code-server's native modules: the one `npm ci` left, or, when
 * a later `npm install` pruned it, the same version fetched again from the npm registry.
 */
export function nodeHeadersDir() {
  if (hasHeaders(NODE24_DIR)) return NODE24_DIR;
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'node', 'package.json'), 'utf8'));
  const dir = path.join(ROOT, '.vscode-test', `node-${version}`);
  const unpacked = path.join(dir, 'package');
  if (hasHeaders(unpacked)) return unpacked;
  fs.mkdirSync(dir, { recursive: true });
  const name = `node-${process.platform}-${process.arch}@${version}`;
  const pack = spawnSync('npm', ['pack', '--silent', name], { cwd: dir, encoding: 'utf8', env: withoutOuterNpm(process.env) });
  const tarball = pack.stdout.trim().split('\n').pop();
  if (pack.status !== 0 || !tarball || spawnSync('tar', ['xzf', tarball], { cwd: dir }).status !== 0 || !hasHeaders(unpacked)) {
    throw new SetupError(`code-server setup: could not fetch ${name} for its headers: ${pack.stderr.trim()}`);
  }
  fs.rmSync(path.join(dir, tarball));
  return unpacked;
}

/** Returns code-server's entry script, installing it first if needed. */
export function ensureCodeServer() {
  const installed = fs.existsSync(MARKER) && fs.existsSync(ENTRY);
  checkPrerequisites({ installing: !installed });
  if (installed) return ENTRY;

  fs.rmSync(CACHE_DIR, { recursive: true, force: true });
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  // Its own package.json keeps npm from walking up to the project's package.json.
  fs.writeFileSync(path.join(CACHE_DIR, 'package.json'), '{ "name": "model-ledger-code-server", "private": true }\n');
  console.log(`code-server setup: installing code-server@${CODE_SERVER_VERSION} into ${path.relative(ROOT, CACHE_DIR)} (about 2 minutes, log: ${path.relative(ROOT, LOG)})`);
  const started = Date.now();
  const log = fs.openSync(LOG, 'w');
  const result = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`],
    { cwd: CACHE_DIR, env: withoutOuterNpm(node24Env({ npm_config_nodedir: nodeHeadersDir() })), stdio: ['ignore', log, log] });
  fs.closeSync(log);
  if (result.status !== 0 || !fs.existsSync(ENTRY)) {
    const tail = fs.readFileSync(LOG, 'utf8').trimEnd().split('\n').slice(-15).join('\n');
    throw new SetupError(`code-server setup: npm install failed (exit ${result.status ?? result.signal}); last lines of ${LOG}:\n${tail}`);
  }
  fs.writeFileSync(MARKER, `${new Date().toISOString()}\n`);
  console.log(`code-server setup: installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return ENTRY;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    console.log(`code-server ${CODE_SERVER_VERSION} ready: ${path.relative(ROOT, ensureCodeServer())}`);
  } catch (e) {
    if (!(e instanceof SetupError)) throw e;
    console.error(e.message);
    process.exit(1);
  }
}
