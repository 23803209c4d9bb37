// What went wrong talking to the team store, in words a user can act on. pg reports server errors
// with their SQLSTATE (`code`), Node's socket and TLS failures with their own codes, and a few
// conditions only by message; each is mapped to a kind and one sentence naming what to do.
import { errorMessage, isUserError, UserError } from '../core/errors';
import { TeamSchemaMissing, TeamSchemaTooNew } from './schema/migrate';

export type TeamErrorKind =
  | 'no-password'
  | 'password'
  | 'not-allowed'
  | 'unreachable'
  | 'timeout'
  | 'tls-verify'
  | 'tls-unsupported'
  | 'database-missing'
  | 'rights'
  | 'row-security'
  | 'schema-missing'
  | 'schema-newer'
  | 'connection-lost'
  | 'server-unavailable'
  | 'setting'
  | 'other';

/** Where a connection was going, for messages: never holds the password. */
export interface TeamTargetLabel {
  host: string;
  port: number;
  database: string;
  user: string;
  sslmode: string;
}

/** A team store failure already explained: `kind` for code that reacts (offline vs refused), the message for people. */
export class TeamError extends UserError {
  constructor(
    readonly kind: TeamErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True when the server could not be reached or went away: the store works offline and retries later. */
export function isTeamOffline(error: unknown): boolean {
  const kind = teamErrorKind(error);
  return kind === 'unreachable' || kind === 'timeout' || kind === 'connection-lost' || kind === 'server-unavailable';
}

const TLS_VERIFY_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'ENOENT', 'EADDRNOTAVAIL']);
const LOST_CODES = new Set(['ECONNRESET', 'EPIPE', '57P01', '57P02', '08006', '08003', '08000']);

/** The kind of a failure from pg, Node's sockets or TLS, or Model Ledger's own team code. */
export function teamErrorKind(error: unknown): TeamErrorKind {
  if (error instanceof TeamError) return error.kind;
  if (error instanceof TeamSchemaTooNew) return 'schema-newer';
  if (error instanceof TeamSchemaMissing) return 'schema-missing';
  const code = errorCode(error);
  const message = errorMessage(error);
  if (code === '28P01') return 'password';
  if (code === '28000') return 'not-allowed';
  if (code === '3D000') return 'database-missing';
  if (code === '3F000' || (code === '42P01' && /model_ledger/.test(message))) return 'schema-missing';
  if (code === '42501') return /row-level security/.test(message) ? 'row-security' : 'rights';
  if (code === '57P03' || code === '53300') return 'server-unavailable';
  if (code === '22023' || code === '42704') return 'setting';
  if (code !== undefined && TLS_VERIFY_CODES.has(code)) return 'tls-verify';
  if (code === 'ETIMEDOUT' || /^timeout expired$|connection timeout/i.test(message)) return 'timeout';
  if (code !== undefined && UNREACHABLE_CODES.has(code)) return 'unreachable';
  if (/does not support SSL connections/.test(message)) return 'tls-unsupported';
  if ((code !== undefined && LOST_CODES.has(code)) || /Connection terminated|Client was closed|not queryable/i.test(message)) return 'connection-lost';
  return 'other';
}

/**
 * One line saying what went wrong and what to do. A TeamError or UserError is already explained
 * and comes back as it is; `target` (when known) names the server and role in the message.
 */
export function explainTeamError(error: unknown, target?: TeamTargetLabel): string {
  if (error instanceof TeamError || isUserError(error)) return errorMessage(error);
  const message = errorMessage(error).replace(/\s+/g, ' ').trim();
  const server = target ? hostAndPort(target) : 'the server';
  const role = target ? `"${target.user}"` : 'this role';
  const database = target ? `"${target.database}"` : 'the database';
  switch (teamErrorKind(error)) {
    case 'password':
      return `${server} refused the password of ${role} (${message}): check the password (PGPASSWORD, ~/.pgpass, or Connect Team Store… again) and that the role exists.`;
    case 'not-allowed':
      return `${server} does not let ${role} connect to ${database} from here (${message}): an administrator adds a matching pg_hba.conf line (hostssl … scram-sha-256) or grants LOGIN.`;
    case 'database-missing':
      return `${server} has no database ${database} (${message}): fix the database name in the URL, or have it created (createdb).`;
    case 'schema-missing':
      return `${database} has no Model Ledger team store yet (${message}): run "model-ledger team init" once, as a role that may create schemas.`;
    case 'rights':
      if (/must be owner/.test(message)) return `only the owner of the team store's schema (who ran "model-ledger team init") or a superuser may do this; ${role} may not (${message}).`;
      return `${role} lacks the right for this (${message}): a read-only role can pull but not push; an administrator grants model_ledger_writer to let it push (docs/team-store.md, "Roles").`;
    case 'row-security':
      return `the team store's row-level security lets ${role} change only the runs it pushed and what belongs to them (${message}); the change stays in your local store.`;
    case 'tls-verify':
      return tlsVerifyMessage(error, message, server, target);
    case 'tls-unsupported':
      return `${server} does not accept TLS connections (${message}) and sslmode=${target?.sslmode ?? 'require'} asks for it: have TLS turned on (ssl = on), or, on a network you trust, connect with sslmode=prefer.`;
    case 'timeout':
      return `no answer from ${server} in time (${message}): the server is down, a firewall drops the packets, or the network is slow; check the host and port, or allow longer with connect_timeout=SECONDS in the URL.`;
    case 'unreachable':
      return unreachableMessage(error, message, server, target);
    case 'connection-lost':
      return `the connection to ${server} was lost (${message}); what the server committed is kept, and the next sync carries on from there.`;
    case 'server-unavailable':
      return `${server} cannot take the connection now (${message}): it is starting, shutting down or full; try again shortly.`;
    case 'setting':
      return `${server} refused a setting of the connection (${message}); check the URL's parameters.`;
    default:
      return `the team store at ${server} failed: ${message}`;
  }
}

/** `explainTeamError` as an error to throw, keeping the original as its cause. */
export function teamError(error: unknown, target?: TeamTargetLabel): TeamError {
  if (error instanceof TeamError) return error;
  return new TeamError(teamErrorKind(error), explainTeamError(error, target), { cause: error });
}

/**
 * For a command's catch: a failure the user can act on (a recognised kind, or a UserError) as a
 * TeamError; anything else (a bug) unchanged, so it is reported as one.
 */
export function asTeamError(error: unknown, target?: TeamTargetLabel): unknown {
  if (isUserError(error)) return error;
  return teamErrorKind(error) === 'other' ? error : teamError(error, target);
}

function tlsVerifyMessage(error: unknown, message: string, server: string, target: TeamTargetLabel | undefined): string {
  if (errorCode(error) === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `the TLS certificate of ${server} does not name "${target?.host ?? 'the host'}" (${message}): connect with a host name the certificate was issued for, or use sslmode=verify-ca to check only its signature.`;
  }
  return `the TLS certificate of ${server} failed verification (${message}): sslrootcert must be the CA certificate that signed the server's certificate (ask the administrator for it), or use sslmode=require to encrypt without verifying.`;
}

function unreachableMessage(error: unknown, message: string, server: string, target: TeamTargetLabel | undefined): string {
  const code = errorCode(error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return `the host name "${target?.host ?? 'of the server'}" does not resolve (${message}): check its spelling, your network or VPN.`;
  }
  if (target?.host.startsWith('/')) {
    return `no PostgreSQL socket in ${target.host} for port ${target.port} (${message}): is the server running on this machine? Give a host name in the URL for a remote server.`;
  }
  return `cannot reach ${server} (${message}): is PostgreSQL running there and listening on that address and port (listen_addresses, firewall)?`;
}

/** `host:port`, an IPv6 address in brackets. */
export function hostAndPort(target: { host: string; port: number }): string {
  return `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The host a ~/.pgpass line names for `host`: libpq matches a socket directory as `localhost`. */
export function pgpassHost(host: string): string {
  return host.startsWith('/') ? 'localhost' : host;
}

/** A message for "no password to give", naming every place one may come from. */
export function noPasswordError(target: TeamTargetLabel, pgpass: { file: string; skipped?: string }): TeamError {
  const skipped = pgpass.skipped ? ` (${pgpass.file} was not used: ${pgpass.skipped})` : '';
  return new TeamError(
    'no-password',
    `${hostAndPort(target)} asks a password for "${target.user}" and none was given${skipped}: set PGPASSWORD, add a line ${pgpassHost(target.host)}:${target.port}:${target.database}:${target.user}:PASSWORD to ${pgpass.file} (chmod 600), or enter it in VS Code's Connect Team Store….`,
  );
}
