// `sslmode` as libpq defines it (https://www.postgresql.org/docs/current/libpq-ssl.html), turned into
// Node TLS options for pg:
//   disable      no TLS
//   allow        plain first, TLS if the server insists (connect.ts retries)
//   prefer       TLS if the server offers it, else plain (libpq's default; connect.ts retries)
//   require      TLS, the certificate not checked, unless a root CA file exists: then as verify-ca
//   verify-ca    TLS, the certificate signed by the root CA
//   verify-full  TLS, signed by the root CA and naming the host
// The root CA file is `sslrootcert`, else ~/.postgresql/root.crt; `sslrootcert=system` means the
// system's trusted roots and needs verify-full. A client certificate is `sslcert`/`sslkey`, else
// ~/.postgresql/postgresql.crt/.key when both exist.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { errorMessage, UserError } from '../core/errors';

export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

export interface TlsSettings {
  sslmode?: string;
  sslrootcert?: string;
  sslcert?: string;
  sslkey?: string;
}

export interface TlsPlan {
  sslmode: SslMode;
  /** The TLS options when TLS is used; `null` for disable. */
  tls: ConnectionOptions | null;
  /** What is checked, for `team status`: "certificate and host name verified against /path/ca.crt". */
  verification: string;
}

/** The sslmode `settings` ask for (libpq's default: prefer, or verify-full with sslrootcert=system). */
export function sslModeOf(settings: TlsSettings): SslMode {
  const mode = settings.sslmode ?? (settings.sslrootcert === 'system' ? 'verify-full' : 'prefer');
  const sslmode = SSL_MODES.find((m) => m === mode);
  if (!sslmode) throw new UserError(`sslmode "${mode}" is not a libpq SSL mode; use one of ${SSL_MODES.join(', ')}.`);
  return sslmode;
}

/** The TLS plan for `settings` (URL parameters over PGSSL* variables); throws a UserError on a bad mode or missing file. */
export function planTls(settings: TlsSettings, home: string): TlsPlan {
  const system = settings.sslrootcert === 'system';
  const sslmode = sslModeOf(settings);
  if (sslmode === 'disable') return { sslmode, tls: null, verification: 'no TLS (sslmode=disable)' };
  if (system && sslmode !== 'verify-full') {
    throw new UserError(`sslmode=${sslmode} may not be used with sslrootcert=system, as in libpq: the system's roots make sense only with sslmode=verify-full.`);
  }
  const clientCertificate = readClientCertificate(settings, home);
  const verifies = sslmode === 'verify-ca' || sslmode === 'verify-full';
  if (system) return { sslmode, tls: { rejectUnauthorized: true, ...clientCertificate }, verification: "certificate and host name verified against the system's trusted roots" };

  const rootFile = settings.sslrootcert ?? path.join(home, '.postgresql', 'root.crt');
  if (!fs.existsSync(rootFile)) {
    if (verifies) {
      throw new UserError(
        `sslmode=${sslmode} needs the server's root certificate, and ${rootFile} does not exist: give its path with sslrootcert=/path/to/ca.crt in the URL (or PGSSLROOTCERT), use the system's roots with sslrootcert=system, or choose sslmode=require to encrypt without checking the certificate.`,
      );
    }
    return { sslmode, tls: { rejectUnauthorized: false, ...clientCertificate }, verification: `encrypted, certificate not verified (sslmode=${sslmode}, no root certificate)` };
  }
  const ca = readFile(rootFile, 'root certificate (sslrootcert)');
  // With a root certificate, libpq checks the chain in every TLS mode; only verify-full also checks the name.
  const full = sslmode === 'verify-full';
  return {
    sslmode,
    tls: { ca, rejectUnauthorized: true, ...(full ? {} : { checkServerIdentity: () => undefined }), ...clientCertificate },
    verification: full ? `certificate and host name verified against ${rootFile}` : `certificate verified against ${rootFile}, host name not checked (sslmode=${sslmode})`,
  };
}

function readClientCertificate(settings: TlsSettings, home: string): Pick<ConnectionOptions, 'cert' | 'key'> {
  const certFile = settings.sslcert ?? path.join(home, '.postgresql', 'postgresql.crt');
  const keyFile = settings.sslkey ?? path.join(home, '.postgresql', 'postgresql.key');
  const named = settings.sslcert !== undefined || settings.sslkey !== undefined;
  if (!named && !(fs.existsSync(certFile) && fs.existsSync(keyFile))) return {};
  const key = fs.statSync(keyFile, { throwIfNoEntry: false });
  if (key && process.platform !== 'win32' && (key.mode & 0o077) !== 0 && !(key.uid === 0 && (key.mode & 0o037) === 0)) {
    throw new UserError(`the private key ${keyFile} has group or world access (mode ${(key.mode & 0o777).toString(8)}); libpq refuses such a key too: chmod 600 ${keyFile}.`);
  }
  return { cert: readFile(certFile, 'client certificate (sslcert)'), key: readFile(keyFile, 'client key (sslkey)') };
}

function readFile(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(`the ${what} ${file} cannot be read: ${errorMessage(error)}`);
  }
}
