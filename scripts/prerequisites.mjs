// The Debian packages `npm start` and `npm test` need, installed by themselves where they can.
// Usage: node scripts/prerequisites.mjs start|test [--dry-run] [--no-install]
//   start: what serving the demo needs (code-server's first install compiles native modules);
//          no browser: the user's own opens the URL.
//   test:  that, and Chromium for the webview, extension-host and end-to-end tests, git, unzip,
//          SciPy, and PostgreSQL, openssl and psycopg for the team store's tests.
// As root on Debian/Ubuntu, missing packages are installed (apt-get update once, then install);
// otherwise the script stops with the one command to run. --dry-run prints what it would run;
// --no-install never installs (as a user without root). The package list is read from dpkg's
// status file ($MODEL_LEDGER_DPKG_STATUS names another one: the tests hide a package with it).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CODE_SERVER_DIR = path.join(ROOT, '.vscode-test', 'code-server');

/** A need is met by a command on PATH or by an installed Debian package; `package` is what provides it. */
const BUILD_CODE_SERVER = [
  // code-server's postinstall builds the `kerberos` module, which includes gssapi/gssapi.h.
  { what: 'Kerberos headers (gssapi/gssapi.h)', dpkg: 'libkrb5-dev', package: 'libkrb5-dev' },
  { what: 'pkg-config', command: 'pkg-config', package: 'pkg-config' },
  { what: 'a C++ compiler (g++)', command: 'g++', package: 'build-essential' },
  { what: 'make', command: 'make', package: 'build-essential' },
  { what: 'python3 (node-gyp)', command: 'python3', package: 'python3' },
];
const GIT = { what: 'git', command: 'git', package: 'git' };
const CHROMIUM = { what: 'Chromium (browser tests)', command: 'chromium', file: process.env.CHROMIUM, package: 'chromium' };
// Debian's SciPy (for /usr/bin/python3): the tests compute reference statistics with it.
const SCIPY = { what: 'SciPy (reference statistics in tests)', dpkg: 'python3-scipy', package: 'python3-scipy' };
const UNZIP = { what: 'unzip (the package test lists the .vsix)', command: 'unzip', package: 'unzip' };
// The team store's tests start their own PostgreSQL server (initdb, pg_ctl) with TLS on a certificate
// made by openssl; the Python client's team tests write through psycopg 3.
const POSTGRES = { what: 'PostgreSQL server (team store tests)', dpkg: 'postgresql', package: 'postgresql' };
const OPENSSL = { what: 'openssl (the test server\'s TLS certificate)', command: 'openssl', package: 'openssl' };
const PSYCOPG = { what: 'psycopg 3 (the Python client\'s team store tests)', dpkg: 'python3-psycopg', package: 'python3-psycopg' };

/** What each entry point needs; building code-server only until it is installed. */
export function needsOf(purpose, { codeServerInstalled }) {
  const build = codeServerInstalled ? [] : BUILD_CODE_SERVER;
  switch (purpose) {
    case 'start':
      return [...build, GIT];
    case 'test':
      return [...build, GIT, CHROMIUM, UNZIP, SCIPY, POSTGRES, OPENSSL, PSYCOPG];
    default:
      throw new Error(`unknown purpose ${JSON.stringify(purpose)}: start or test`);
  }
}

/** The Debian packages that provide the unmet needs, each once, in order. */
export function missingPackages(needs, { hasCommand, installedPackages, fileExists }) {
  const missing = [];
  for (const need of needs) {
    const met = (need.command && hasCommand(need.command)) || (need.dpkg && installedPackages.has(need.dpkg)) || (need.file && fileExists(need.file));
    if (!met && !missing.includes(need.package)) missing.push(need.package);
  }
  return missing;
}

/** Names of the packages dpkg's status file lists as installed. */
export function readInstalledPackages(statusFile) {
  let text;
  try {
    text = fs.readFileSync(statusFile, 'utf8');
  } catch {
    return new Set();
  }
  const installed = new Set();
  for (const stanza of text.split(/\n\n+/)) {
    const name = /^Package: (\S+)$/m.exec(stanza)?.[1];
    const arch = /^Architecture: (\S+)$/m.exec(stanza)?.[1];
    if (name && /^Status: .* installed$/m.test(stanza)) {
      installed.add(name);
      if (arch) installed.add(`${name}:${arch}`);
    }
  }
  return installed;
}

function commandOnPath(name) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    if (!dir) return false;
    try {
      fs.accessSync(path.join(dir, name), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function codeServerInstalled() {
  try {
    return fs.readdirSync(CODE_SERVER_DIR).some((name) => name.startsWith('.installed-'));
  } catch {
    return false;
  }
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The one command a person runs to install the packages. */
export function installCommand(packages, { root }) {
  const sudo = root ? '' : 'sudo ';
  return `${sudo}apt-get update && ${sudo}apt-get install -y ${packages.join(' ')}`;
}

function run(command, args) {
  console.log(`prerequisites: ${[command, ...args].join(' ')}`);
  // dpkg's progress goes nowhere; errors still reach stderr.
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return result.status === 0;
}

/** The Debian packages `purpose` still lacks on this machine. */
export function missingFor(purpose) {
  if (process.platform !== 'linux') return []; // elsewhere the README's notes apply; nothing here can tell
  const statusFile = process.env.MODEL_LEDGER_DPKG_STATUS || '/var/lib/dpkg/status';
  return missingPackages(needsOf(purpose, { codeServerInstalled: codeServerInstalled() }), {
    hasCommand: commandOnPath,
    installedPackages: readInstalledPackages(statusFile),
    fileExists: (file) => fs.existsSync(file),
  });
}

/** What to tell a person who has to install the packages themselves. */
export function missingMessage(purpose, missing) {
  return `npm ${purpose} needs the Debian package(s) ${missing.join(', ')}, which are not installed. Run:\n  ${installCommand(missing, { root: isRoot() })}`;
}

/** Checks, and installs what is missing when it can. Returns the process exit code. */
export function ensurePrerequisites(purpose, { dryRun = false, noInstall = false } = {}) {
  const missing = missingFor(purpose);
  if (missing.length === 0) return 0;
  const canInstall = !noInstall && isRoot() && commandOnPath('apt-get');
  if (!canInstall) {
    console.error(`prerequisites: ${missingMessage(purpose, missing)}`);
    return 1;
  }
  console.log(`prerequisites: installing ${missing.join(', ')} for npm ${purpose}`);
  if (dryRun) {
    console.log(`prerequisites: would run: ${installCommand(missing, { root: true })}`);
    return 0;
  }
  if (!run('apt-get', ['update', '-qq']) || !run('apt-get', ['install', '-y', '-qq', ...missing])) {
    console.error(`prerequisites: apt-get failed; run it yourself and try again:\n  ${installCommand(missing, { root: true })}`);
    return 1;
  }
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [purpose, ...flags] = process.argv.slice(2);
  try {
    process.exitCode = ensurePrerequisites(purpose, { dryRun: flags.includes('--dry-run'), noInstall: flags.includes('--no-install') });
  } catch (error) {
    console.error(`prerequisites: ${error.message}`);
    process.exitCode = 2;
  }
}
