// The password file as libpq reads it (https://www.postgresql.org/docs/current/libpq-pgpass.html):
// lines `hostname:port:database:username:password`, `*` matching anything in the first four fields,
// `\:` and `\\` escaping, the first matching line winning; on Unix a file that group or others may
// read is ignored (with a warning), so a password never leaks through a careless chmod.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { errorMessage } from '../core/errors';

export interface PgpassQuery {
  /** The host as connected: a name, an address, or a Unix socket folder (matched as `localhost`). */
  host: string;
  port: number;
  database: string;
  user: string;
}

export type PgpassLookup =
  | { found: true; password: string; file: string }
  | { found: false; file: string; /** Why the file was not used, when it exists but was skipped. */ skipped?: string };

/** The password file's path: `passfile` (URL), else PGPASSFILE, else ~/.pgpass (%APPDATA%\postgresql\pgpass.conf on Windows). */
export function pgpassFile(passfile: string | undefined, env: Record<string, string | undefined>, home: string): string {
  if (passfile) return passfile;
  if (env.PGPASSFILE) return env.PGPASSFILE;
  if (process.platform === 'win32') return path.join(env.APPDATA ?? home, 'postgresql', 'pgpass.conf');
  return path.join(home, '.pgpass');
}

/** Looks the connection up in the password file at `file`. */
export function lookUpPgpass(file: string, query: PgpassQuery): PgpassLookup {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { found: false, file };
    return { found: false, file, skipped: `it cannot be read (${errorMessage(error)})` };
  }
  if (!stat.isFile()) return { found: false, file, skipped: 'it is not a regular file' };
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    return { found: false, file, skipped: `it has group or world access (mode ${(stat.mode & 0o777).toString(8)}); libpq ignores such a file too: chmod 600 ${file}` };
  }
  const host = query.host.startsWith('/') ? 'localhost' : query.host;
  const wanted = [host, String(query.port), query.database, query.user];
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    if (line.startsWith('#')) continue;
    const fields = splitFields(line);
    if (fields.length < 5) continue;
    if (wanted.every((value, i) => fields[i] === '*' || fields[i] === value)) {
      return { found: true, password: fields.slice(4).join(':'), file };
    }
  }
  return { found: false, file };
}

/** Splits at unescaped colons, undoing `\:` and `\\`. */
function splitFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) {
      field += line[++i];
    } else if (c === ':') {
      fields.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  fields.push(field);
  return fields;
}
