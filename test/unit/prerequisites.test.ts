import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_ROOT, tempDir } from './helpers/temp';

const SCRIPT = path.join(PROJECT_ROOT, 'scripts', 'prerequisites.mjs');
const COMMANDS = ['sh', 'pkg-config', 'g++', 'make', 'python3', 'git', 'unzip', 'openssl', 'chromium', 'apt-get'];

interface Prerequisites {
  needsOf(purpose: string, options: { codeServerInstalled: boolean }): { package: string }[];
  missingPackages(needs: unknown[], probes: { hasCommand(name: string): boolean; installedPackages: Set<string>; fileExists(file: string): boolean }): string[];
  readInstalledPackages(file: string): Set<string>;
}

const load = () => import(SCRIPT) as Promise<Prerequisites>;

/**
 * A machine that lacks what `hide` names: a PATH of links to this machine's commands but those,
 * and a copy of dpkg's status file with those packages' stanzas taken out. Commands this machine
 * lacks are stood in for by a link to `true`: the script only looks them up, it never runs them.
 */
function machineWithout(hide: string[]): { bin: string; status: string } {
  const dir = tempDir('prerequisites-');
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  const truePath = execFileSync('sh', ['-c', 'command -v true'], { encoding: 'utf8' }).trim();
  for (const name of COMMANDS) {
    if (hide.includes(name)) continue;
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
    fs.symlinkSync(found || truePath, path.join(bin, name));
  }
  const real = fs.readFileSync('/var/lib/dpkg/status', 'utf8');
  const kept = real.split(/\n\n+/).filter((stanza) => !hide.includes(/^Package: (\S+)$/m.exec(stanza)?.[1] ?? ''));
  // libkrb5-dev is listed installed unless hidden, whatever this machine has.
  if (!hide.includes('libkrb5-dev')) kept.push('Package: libkrb5-dev\nStatus: install ok installed\nArchitecture: amd64');
  const status = path.join(dir, 'status');
  fs.writeFileSync(status, `${kept.join('\n\n')}\n`);
  return { bin, status };
}

function runScript(args: string[], machine: { bin: string; status: string }) {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: machine.bin, MODEL_LEDGER_DPKG_STATUS: machine.status };
  delete env.CHROMIUM;
  return spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', env });
}

const isRoot = process.getuid?.() === 0;

describe('prerequisites of npm start and npm test', () => {
  it('a machine without chromium: npm test stops with the one command that installs it, npm start needs nothing', () => {
    const machine = machineWithout(['chromium']);
    const test = runScript(['test', '--no-install'], machine);
    assert.equal(test.status, 1, test.stderr);
    const sudo = isRoot ? '' : 'sudo ';
    assert.match(test.stderr, /needs the Debian package\(s\) chromium, which are not installed/);
    assert.ok(test.stderr.includes(`\n  ${sudo}apt-get update && ${sudo}apt-get install -y chromium\n`), test.stderr);

    const start = runScript(['start', '--no-install'], machine);
    assert.equal(start.status, 0, `npm start serves code-server without a browser: ${start.stderr}`);
    assert.equal(start.stderr, '');
  });

  it('as root with apt-get, it installs what is missing (dry run: prints what it would run)', { skip: isRoot ? false : 'installing needs root' }, () => {
    const machine = machineWithout(['chromium', 'unzip']);
    const result = runScript(['test', '--dry-run'], machine);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /installing chromium, unzip for npm test/);
    assert.match(result.stdout, /would run: apt-get update && apt-get install -y chromium unzip\n/);
  });

  it('without apt-get even root gets the command instead', () => {
    const machine = machineWithout(['chromium', 'apt-get']);
    const result = runScript(['test'], machine);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /apt-get install -y chromium/);
  });

  it('building code-server needs its headers and tools only until it is installed', async () => {
    const { needsOf, missingPackages } = await load();
    const probes = { hasCommand: (name: string) => name !== 'pkg-config' && name !== 'g++', installedPackages: new Set<string>(), fileExists: () => false };
    assert.deepEqual(missingPackages(needsOf('start', { codeServerInstalled: false }), probes), ['libkrb5-dev', 'pkg-config', 'build-essential']);
    assert.deepEqual(missingPackages(needsOf('start', { codeServerInstalled: true }), probes), []);
    const withScipy = new Set(['python3-scipy', 'postgresql', 'python3-psycopg']);
    assert.deepEqual(missingPackages(needsOf('test', { codeServerInstalled: true }), { ...probes, installedPackages: withScipy, hasCommand: (name) => name !== 'chromium' }), ['chromium']);
    // The tests' reference statistics need Debian's SciPy, the team store's a PostgreSQL server and
    // psycopg; npm start needs none of them.
    assert.deepEqual(missingPackages(needsOf('test', { codeServerInstalled: true }), { ...probes, hasCommand: () => true }), ['python3-scipy', 'postgresql', 'python3-psycopg']);
    assert.deepEqual(missingPackages(needsOf('test', { codeServerInstalled: true }), { ...probes, installedPackages: withScipy, hasCommand: (name) => name !== 'openssl' }), ['openssl']);
    assert.deepEqual(missingPackages(needsOf('start', { codeServerInstalled: true }), { ...probes, hasCommand: () => true }), []);
    // CHROMIUM naming a browser elsewhere meets the need.
    const chromiumElsewhere = needsOf('test', { codeServerInstalled: true }).map((need) => (need.package === 'chromium' ? { ...need, file: '/opt/chrome' } : need));
    assert.deepEqual(missingPackages(chromiumElsewhere, { hasCommand: (name) => name !== 'chromium', installedPackages: withScipy, fileExists: (f) => f === '/opt/chrome' }), []);
  });

  it('reads only installed packages from dpkg status', async () => {
    const { readInstalledPackages } = await load();
    const file = path.join(tempDir(), 'status');
    fs.writeFileSync(file, 'Package: a\nStatus: install ok installed\n\nPackage: b\nStatus: deinstall ok config-files\n\nPackage: c\nStatus: install ok installed\nArchitecture: amd64\n');
    const installed = readInstalledPackages(file);
    assert.ok(installed.has('a') && installed.has('c') && installed.has('c:amd64'));
    assert.ok(!installed.has('b'));
    assert.equal(readInstalledPackages(path.join(tempDir(), 'missing')).size, 0);
  });
});
