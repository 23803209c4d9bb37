// A team store's address as libpq reads a connection URI
// (https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS):
// postgresql://[user[:password]@][host][:port][/dbname][?param=value&…], parameters with libpq's names.
import { UserError } from '../core/errors';

/** The libpq parameters Model Ledger reads from a URL; any other parameter is refused, as libpq does. */
export const URL_PARAMETERS = [
  'host',
  'port',
  'dbname',
  'user',
  'password',
  'passfile',
  'sslmode',
  'sslrootcert',
  'sslcert',
  'sslkey',
  'connect_timeout',
  'application_name',
] as const;
export type UrlParameter = (typeof URL_PARAMETERS)[number];
export type UrlParameters = Partial<Record<UrlParameter, string>>;

const SCHEME = /^(postgresql|postgres):\/\//i;
const HOST_STAND_IN = 'host.invalid';

/** The parameters a URL names (percent-decoded); throws a UserError that says what is wrong with it. */
export function parseTeamUrl(url: string): UrlParameters {
  const scheme = SCHEME.exec(url);
  if (!scheme) throw new UserError(`"${shown(url)}" is not a PostgreSQL URL: it must start with postgresql:// (for example postgresql://user@db.example.com:5432/models?sslmode=verify-full).`);
  const authority = url.slice(scheme[0].length).split(/[/?#]/, 1)[0]!;
  if (authority.slice(authority.lastIndexOf('@') + 1).includes(',')) {
    throw new UserError(`"${shown(url)}" names several hosts; the team store connects to one server: give one host (a primary, or a pooler in front of the servers).`);
  }
  // libpq takes an empty host after user info (postgresql://alice@/db?host=/run/pg), which WHATWG
  // URL parsing refuses: parse with a stand-in host and drop it after.
  const hostPart = authority.slice(authority.lastIndexOf('@') + 1);
  const hostless = hostPart === '' || hostPart.startsWith(':');
  const at = scheme[0].length + authority.length - hostPart.length;
  let parsed: URL;
  try {
    parsed = new URL(hostless ? `${url.slice(0, at)}${HOST_STAND_IN}${url.slice(at)}` : url);
  } catch {
    // WHATWG URL says only "Invalid URL"; the usual culprit is an unencoded character in the password.
    throw new UserError(`"${shown(url)}" is not a valid URL; check the host and port, and percent-encode reserved characters in the user or password (@ as %40, : as %3A, / as %2F).`);
  }
  if (parsed.hash) throw new UserError(`"${shown(url)}" has a #fragment, which a PostgreSQL URL does not take; remove it.`);
  const params: UrlParameters = {};
  const host = hostless ? '' : decode(parsed.hostname, 'host');
  if (host) params.host = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (parsed.port) params.port = parsed.port;
  if (parsed.username) params.user = decode(parsed.username, 'user name');
  if (parsed.password) params.password = decode(parsed.password, 'password');
  const database = decode(parsed.pathname.replace(/^\//, ''), 'database name');
  if (database) params.dbname = database;
  for (const pair of parsed.search.replace(/^\?/, '').split('&').filter((p) => p !== '')) {
    const equals = pair.indexOf('=');
    if (equals < 0) throw new UserError(`the URL parameter "${pair}" has no value; write it as name=value.`);
    const name = decode(pair.slice(0, equals), 'parameter name');
    const known = URL_PARAMETERS.find((p) => p === name);
    if (!known) throw new UserError(`the URL parameter "${name}" is not one Model Ledger reads; use ${URL_PARAMETERS.join(', ')}.`);
    // libpq decodes only %XX in values (a "+" stays a plus sign), as decodeURIComponent does.
    params[known] = decode(pair.slice(equals + 1), `${known} value`);
  }
  return params;
}

/**
 * The URL as it may be shown and saved: rebuilt from its parts without the user info's password and
 * without every query parameter that is (once percent-decoded) `password`. A URL that does not
 * parse is cut more widely, so that no part of a password shows in the message about it.
 */
export function urlWithoutPassword(url: string): string {
  try {
    parseTeamUrl(url);
  } catch {
    return shown(url);
  }
  const scheme = SCHEME.exec(url)![0];
  const rest = url.slice(scheme.length);
  const authority = rest.split(/[/?#]/, 1)[0]!;
  return withoutSecrets(scheme, authority.lastIndexOf('@'), rest);
}

/** `rest` (the URL after its scheme) with the user info from `at` on left at its user name, and only the query's non-secret parameters. */
function withoutSecrets(scheme: string, at: number, rest: string): string {
  const user = at < 0 ? '' : `${rest.slice(0, at).split(':', 1)[0]}@`;
  const afterUser = rest.slice(at + 1).split('#', 1)[0]!;
  const queryStart = afterUser.indexOf('?');
  const head = queryStart < 0 ? afterUser : afterUser.slice(0, queryStart);
  const pairs = queryStart < 0 ? [] : afterUser.slice(queryStart + 1).split('&').filter(isShownParameter);
  return `${scheme}${user}${head}${pairs.length ? `?${pairs.join('&')}` : ''}`;
}

/** A query pair that may be shown: a parameter Model Ledger reads, other than the password (an unknown one might hold a secret). */
function isShownParameter(pair: string): boolean {
  const name = pair.split('=', 1)[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    return false;
  }
  return decoded !== 'password' && URL_PARAMETERS.some((p) => p === decoded);
}

function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // A password is never echoed, not even a broken one.
    const echoed = /password/.test(what) ? '' : ` ("${text}")`;
    throw new UserError(`the URL's ${what} has a broken percent-encoding${echoed}; a % must be followed by two hex digits (write % itself as %25).`);
  }
}

/**
 * A URL, possibly malformed, for a message: a password may hold any character, so the user info
 * is taken to end at the last @ anywhere, and only known non-secret query parameters are kept.
 */
function shown(url: string): string {
  const scheme = SCHEME.exec(url)?.[0] ?? '';
  const rest = url.slice(scheme.length);
  return withoutSecrets(scheme, rest.lastIndexOf('@'), rest);
}
