// From a team store URL and libpq's conventions to pg client configurations. Every value is
// resolved here (URL parameter, then PG* variable, then libpq's default) and given to pg
// explicitly, so pg's own reading of process.env never mixes in. The password is looked up only
// when the server asks for one (as libpq reads ~/.pgpass), and only ever held in memory.
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { ClientConfig } from 'pg';
import { UserError } from '../core/errors';
import { parseTeamUrl, type UrlParameters } from './connectionUrl';
import { lookUpPgpass, pgpassFile } from './pgpass';
import { hostAndPort, noPasswordError, type TeamTargetLabel } from './teamErrors';
import { planTls, sslModeOf, type SslMode } from './tlsOptions';

export interface TeamConnectionOptions {
  /** A password from elsewhere (VS Code's SecretStorage): wins over the URL's, PGPASSWORD and ~/.pgpass. */
  password?: string;
  /** Where PGHOST, PGPASSWORD, PGSSLMODE… come from; default `process.env`. */
  env?: Record<string, string | undefined>;
}

export interface TeamTarget extends TeamTargetLabel {
  sslmode: SslMode;
  /** What TLS checks, in words. */
  verification: string;
  /** `user@host:port/database`, for status lines. */
  label: string;
}

export interface TeamConnectionPlan {
  target: TeamTarget;
  /**
   * The configurations to try in order, each with the failure that moves on to the next: two for
   * sslmode=prefer (TLS, then plain if the server has no TLS) and allow (plain, then TLS if the
   * server asks for it), one otherwise.
   */
  attempts: Array<{ config: ClientConfig; retryNextWhen?: (error: unknown) => boolean }>;
}

/** libpq has no connect timeout by default; an editor must not wait forever for a dead server. */
export const DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;
/** A dropped network sends nothing: without an answer in this time a query fails instead of hanging (a push batch takes seconds). */
export const QUERY_TIMEOUT_MS = 120_000;
/** TCP keepalive probes start after this much silence, not the OS's two hours. */
const KEEPALIVE_DELAY_MS = 10_000;

/** Which environment variable stands in for each URL parameter, as in libpq. */
const ENVIRONMENT: Record<keyof UrlParameters, string> = {
  host: 'PGHOST',
  port: 'PGPORT',
  dbname: 'PGDATABASE',
  user: 'PGUSER',
  password: 'PGPASSWORD',
  passfile: 'PGPASSFILE',
  sslmode: 'PGSSLMODE',
  sslrootcert: 'PGSSLROOTCERT',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
  connect_timeout: 'PGCONNECT_TIMEOUT',
  application_name: 'PGAPPNAME',
};

/** Resolves `url` into what `openTeamClient` connects with; throws a UserError naming a bad part. */
export function planTeamConnection(url: string, options: TeamConnectionOptions = {}): TeamConnectionPlan {
  const env = options.env ?? process.env;
  const fromUrl = parseTeamUrl(url);
  const setting = (name: keyof UrlParameters): string | undefined => fromUrl[name] ?? (env[ENVIRONMENT[name]] || undefined);
  const home = env.HOME || os.homedir();

  const host = setting('host') ?? defaultHost();
  const port = parsePort(setting('port'));
  const user = setting('user') ?? os.userInfo().username;
  const database = setting('dbname') ?? user;
  const tlsSettings = { sslmode: setting('sslmode'), sslrootcert: setting('sslrootcert'), sslcert: setting('sslcert'), sslkey: setting('sslkey') };
  // libpq never uses TLS over a Unix socket, whatever sslmode says, so it needs no certificate either.
  const socket = host.startsWith('/');
  const tls = socket ? { sslmode: sslModeOf(tlsSettings), tls: null, verification: 'Unix socket (no TLS, as libpq)' } : planTls(tlsSettings, home);
  const target: TeamTarget = {
    host,
    port,
    database,
    user,
    sslmode: tls.sslmode,
    verification: tls.verification,
    label: `${user}@${hostAndPort({ host, port })}/${database}`,
  };

  const known = options.password ?? fromUrl.password ?? (env.PGPASSWORD || undefined);
  const passfile = pgpassFile(fromUrl.passfile, env, home);
  // pg calls this only when the server asks for a password, as libpq reads ~/.pgpass only then.
  const password = async (): Promise<string> => {
    if (known !== undefined) return known;
    const lookup = lookUpPgpass(passfile, { host, port, database, user });
    if (lookup.found) return lookup.password;
    throw noPasswordError(target, lookup);
  };
  const base: ClientConfig = {
    host,
    port,
    user,
    database,
    password,
    application_name: setting('application_name') ?? 'model-ledger',
    connectionTimeoutMillis: connectTimeoutSeconds(setting('connect_timeout')) * 1000,
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
    query_timeout: QUERY_TIMEOUT_MS,
  };
  if (tls.tls === null) return { target, attempts: [{ config: { ...base, ssl: false } }] };
  const withTls: ClientConfig = { ...base, ssl: tls.tls };
  const plain: ClientConfig = { ...base, ssl: false };
  if (tls.sslmode === 'prefer') return { target, attempts: [{ config: withTls, retryNextWhen: serverHasNoTls }, { config: plain }] };
  if (tls.sslmode === 'allow') return { target, attempts: [{ config: plain, retryNextWhen: serverWantsTls }, { config: withTls }] };
  return { target, attempts: [{ config: withTls }] };
}

function serverHasNoTls(error: unknown): boolean {
  return /does not support SSL connections/.test(String((error as Error | null)?.message));
}

/** The server's pg_hba.conf has a `hostssl` line but no `host` line for this connection. */
function serverWantsTls(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '28000' && /no encryption/.test(String((error as Error).message));
}

/** libpq's default: the Unix socket folder Debian's and most builds use, else /tmp (localhost on Windows). */
function defaultHost(): string {
  if (process.platform === 'win32') return 'localhost';
  return fs.existsSync('/var/run/postgresql') ? '/var/run/postgresql' : '/tmp';
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return 5432;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) throw new UserError(`port "${text}" is not a TCP port; use a number from 1 to 65535 (PostgreSQL's is 5432).`);
  return port;
}

/** libpq's rule: a whole number of seconds, 0 (or below) waits forever, 1 counts as 2. */
function connectTimeoutSeconds(text: string | undefined): number {
  if (text === undefined) return DEFAULT_CONNECT_TIMEOUT_SECONDS;
  if (!/^-?\d+$/.test(text)) throw new UserError(`connect_timeout "${text}" is not a whole number of seconds.`);
  const seconds = Number(text);
  return seconds <= 0 ? 0 : Math.max(seconds, 2);
}
