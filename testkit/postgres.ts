// A real PostgreSQL server for the team store's tests and benchmarks: Debian's binaries (installed by
// scripts/prerequisites.mjs), a cluster initialised in a temporary folder, listening on 127.0.0.1 at
// a free port with TLS on a self-signed certificate, password (SCRAM) authentication, stopped and
// removed after. As root the server runs as the `postgres` user the Debian package creates
// (PostgreSQL refuses to run as root).
import { execFileSync, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PostgresServer {
  readonly host: string;
  readonly port: number;
  /** The superuser the cluster was made with, and its password. */
  readonly adminUser: string;
  readonly adminPassword: string;
  /** The server's certificate, which is its own CA: `sslrootcert` for `sslmode=verify-full`. */
  readonly caFile: string;
  readonly dataDir: string;
  /** A connection URL to `database` (default `postgres`) as `user`; `params` become its query string. */
  url(options?: { user?: string; password?: string; database?: string; params?: Record<string, string> }): string;
  /** Runs SQL as the superuser through psql (roles, databases, grants); returns psql's stdout. */
  psql(sql: string, database?: string): string;
  /** `pg_ctl stop` with `mode` (`immediate` is a crash: no checkpoint, clients cut off). */
  stop(mode?: 'fast' | 'immediate'): void;
  /** Starts the stopped server again on the same port and data. */
  start(): void;
  readonly running: boolean;
  /** Stops the server (if running) and removes its folder. */
  close(): void;
}

const ADMIN = 'ledger_admin';

/** The folder holding initdb and pg_ctl: PATH first, else the newest /usr/lib/postgresql/<n>/bin. */
export function postgresBinDir(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'))) return dir;
  }
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const dir = path.join(root, version, 'bin');
    if (fs.existsSync(path.join(dir, 'initdb'))) return dir;
  }
  throw new Error('PostgreSQL server binaries (initdb, pg_ctl) not found: `npm test` installs Debian\'s postgresql package (scripts/prerequisites.mjs)');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL binary as the user that may run it; throws with its output when it fails. */
function runAs(command: string, args: string[], options: SpawnSyncOptions = {}): string {
  const [file, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  const result = spawnSync(file, argv, { encoding: 'utf8', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} failed (exit ${result.status}): ${String(result.stderr || result.stdout).trim()}`);
  return String(result.stdout);
}

function giveToServerUser(file: string): void {
  if (isRoot()) execFileSync('chown', ['-R', 'postgres:postgres', file]);
}

/**
 * Where the server's folder is made: the temp folder, unless the postgres user cannot reach it (as
 * root, a harness's private TMPDIR, such as the extension host's), then the system's /tmp.
 */
function serverParent(): string {
  const tmp = os.tmpdir();
  if (!isRoot()) return tmp;
  return spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-x', tmp]).status === 0 ? tmp : '/tmp';
}

/** Initialises, configures and starts a server; the caller closes it (an exit handler does too). */
export async function startPostgres(options: { name?: string } = {}): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const root = fs.mkdtempSync(path.join(serverParent(), `${options.name ?? 'model-ledger'}-pg-`));
  fs.chmodSync(root, 0o755);
  const dataDir = path.join(root, 'data');
  const socketDir = path.join(root, 'socket');
  const adminPassword = `admin-${process.pid}-${Date.now()}`;
  fs.mkdirSync(socketDir);
  fs.writeFileSync(path.join(root, 'pwfile'), `${adminPassword}\n`);
  giveToServerUser(root);
  runAs(path.join(bin, 'initdb'), ['-D', dataDir, '-U', ADMIN, `--pwfile=${path.join(root, 'pwfile')}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync']);
  fs.rmSync(path.join(root, 'pwfile'));

  // The certificate names localhost and 127.0.0.1, so verify-full passes against it as its own CA.
  const certFile = path.join(dataDir, 'server.crt');
  const keyFile = path.join(dataDir, 'server.key');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
  fs.chmodSync(keyFile, 0o600);
  const caFile = path.join(root, 'ca.crt');
  fs.copyFileSync(certFile, caFile);
  fs.chmodSync(caFile, 0o644);

  const port = await freePort();
  fs.appendFileSync(
    path.join(dataDir, 'postgresql.conf'),
    [
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${socketDir}'`,
      'ssl = on',
      "ssl_cert_file = 'server.crt'",
      "ssl_key_file = 'server.key'",
      // A test server: durability is proven by crash tests, not by waiting for the disk.
      'fsync = off',
      'full_page_writes = off',
      'max_connections = 100',
      '',
    ].join('\n'),
  );
  giveToServerUser(root);

  const logFile = path.join(root, 'server.log');
  let running = false;
  const server: PostgresServer = {
    host: '127.0.0.1',
    port,
    adminUser: ADMIN,
    adminPassword,
    caFile,
    dataDir,
    url({ user = ADMIN, password = user === ADMIN ? adminPassword : undefined, database = 'postgres', params = {} } = {}) {
      const credentials = password === undefined ? encodeURIComponent(user) : `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;
      const query = new URLSearchParams(params).toString();
      return `postgresql://${credentials}@127.0.0.1:${port}/${encodeURIComponent(database)}${query ? `?${query}` : ''}`;
    },
    psql(sql, database = 'postgres') {
      const result = spawnSync('psql', ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', ADMIN, '-d', database, '-c', sql], {
        encoding: 'utf8',
        env: { ...process.env, PGPASSWORD: adminPassword, PGSSLMODE: 'require' },
      });
      if (result.status !== 0) throw new Error(`psql failed: ${result.stderr.trim()}`);
      return result.stdout;
    },
    stop(mode = 'fast') {
      if (!running) return;
      runAs(path.join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', mode, '-w']);
      running = false;
    },
    start() {
      if (running) return;
      runAs(path.join(bin, 'pg_ctl'), ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '60']);
      running = true;
    },
    get running() {
      return running;
    },
    close() {
      process.off('exit', onExit);
      try {
        server.stop('immediate');
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  };
  // A test process that dies between start and close must not leave a server behind.
  const onExit = () => server.close();
  process.on('exit', onExit);
  try {
    server.start();
  } catch (error) {
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
    server.close();
    throw new Error(`${(error as Error).message}\n${log}`);
  }
  return server;
}
