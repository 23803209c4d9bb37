// From a URL and libpq's conventions to a connection plan, without a server: the URL's parts and
// parameters, the environment filling what the URL leaves out, ~/.pgpass's matching rules, and
// what each sslmode checks.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseTeamUrl, urlWithoutPassword } from '../../../src/team/connectionUrl';
import { planTeamConnection } from '../../../src/team/connection';
import { lookUpPgpass } from '../../../src/team/pgpass';
import { planTls } from '../../../src/team/tlsOptions';
import { tempDir } from '../helpers/temp';

describe('team store URLs', () => {
  it('reads user, password, host, port, database and parameters, percent-decoded, as libpq does', () => {
    assert.deepEqual(parseTeamUrl('postgresql://al%40ice:p%3Ass%2Bword@db.example.com:6543/my%20models?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.crt&application_name=a+b'), {
      user: 'al@ice',
      password: 'p:ss+word',
      host: 'db.example.com',
      port: '6543',
      dbname: 'my models',
      sslmode: 'verify-full',
      sslrootcert: '/etc/ca.crt',
      application_name: 'a+b', // a plus sign stays one: only %XX is decoded
    });
    assert.deepEqual(parseTeamUrl('postgres://[::1]:5433/db'), { host: '::1', port: '5433', dbname: 'db' });
    assert.deepEqual(parseTeamUrl('postgresql:///models?host=/var/run/postgresql'), { dbname: 'models', host: '/var/run/postgresql' });
    assert.deepEqual(parseTeamUrl('postgresql://alice:pw@/models?host=/run/pg'), { user: 'alice', password: 'pw', dbname: 'models', host: '/run/pg' });
    assert.deepEqual(parseTeamUrl('postgresql://alice@:5433/models'), { user: 'alice', port: '5433', dbname: 'models' });
    assert.deepEqual(parseTeamUrl('postgresql://%2Fvar%2Frun%2Fpostgresql/models'), { host: '/var/run/postgresql', dbname: 'models' });
  });

  it('refuses what libpq refuses, saying what to change, never echoing the password', () => {
    assert.throws(() => parseTeamUrl('mysql://u@h/db'), /is not a PostgreSQL URL: it must start with postgresql:\/\//);
    assert.throws(() => parseTeamUrl('postgresql://u:secret@a:1,b:2/db'), (e: Error) => /names several hosts/.test(e.message) && !e.message.includes('secret'));
    assert.throws(() => parseTeamUrl('postgresql://u@h/db?ssl=true'), /the URL parameter "ssl" is not one Model Ledger reads; use host, port, dbname/);
    assert.throws(() => parseTeamUrl('postgresql://u@h/db?sslmode'), /the URL parameter "sslmode" has no value/);
    assert.throws(() => parseTeamUrl('postgresql://u@h/d%zzb'), /broken percent-encoding/);
    assert.throws(() => parseTeamUrl('postgresql://u:secret@h:99999/db'), (e: Error) => /is not a valid URL/.test(e.message) && !e.message.includes('secret'));
  });

  it('takes the password out of a URL to show or save it', () => {
    assert.equal(urlWithoutPassword('postgresql://alice:s3cret@db:5432/models?sslmode=require'), 'postgresql://alice@db:5432/models?sslmode=require');
    assert.equal(urlWithoutPassword('postgresql://alice@db/models?password=s3cret&sslmode=require'), 'postgresql://alice@db/models?sslmode=require');
    assert.equal(urlWithoutPassword('postgresql://alice@db/models?sslmode=require&password=s3cret'), 'postgresql://alice@db/models?sslmode=require');
    assert.equal(urlWithoutPassword('postgresql://db/models'), 'postgresql://db/models');
  });

  it('takes out every password parameter, however it is spelled, and never echoes one in an error', () => {
    // Review: only the first literal password= went; a repeated or percent-encoded name was saved with its secret.
    assert.equal(urlWithoutPassword('postgresql://alice@db/models?password=a&password=SECRET2&sslmode=require'), 'postgresql://alice@db/models?sslmode=require');
    assert.equal(urlWithoutPassword('postgresql://alice@db/models?pass%77ord=SECRET3'), 'postgresql://alice@db/models');
    assert.equal(urlWithoutPassword('postgresql://alice@db/models?PASSWORD=x&sslmode=require'), 'postgresql://alice@db/models?sslmode=require');
    assert.equal(urlWithoutPassword('postgres://alice:p%40ss@[::1]:5433/models?host=%2Frun%2Fpg&password=x'), 'postgres://alice@[::1]:5433/models?host=%2Frun%2Fpg');
    const secretFree = (pattern: RegExp) => (e: Error) => pattern.test(e.message) && !/SECRET/.test(e.message);
    assert.throws(() => parseTeamUrl('postgresql://alice:SECRET%zz@db/models'), secretFree(/the URL's password has a broken percent-encoding; a % must be followed by two hex digits/));
    assert.throws(() => parseTeamUrl('postgresql://alice@db/models?password=SECRET%4'), secretFree(/the URL's password value has a broken percent-encoding; /));
    assert.throws(() => parseTeamUrl('postgresql://alice@db/models?pass%77ord=SECRET%&sslmode=x'), secretFree(/broken percent-encoding/));
    assert.throws(() => parseTeamUrl('postgresql://alice:SE@CRET@db:99999/models?password=SECRET4'), secretFree(/^"postgresql:\/\/alice@db:99999\/models" is not a valid URL/));
    assert.throws(() => parseTeamUrl('alice:SECRET@db/models'), secretFree(/^"alice@db\/models" is not a PostgreSQL URL/));
    // A URL that does not parse is shown without its password too.
    assert.equal(urlWithoutPassword('postgresql://alice:SE#CRET@db/models?passwd=SECRET'), 'postgresql://alice@db/models');
  });
});

describe('connection plans', () => {
  const home = tempDir('team-plan-home-');

  it('fills what the URL leaves out from PG* variables, the URL winning', () => {
    const env = { HOME: home, PGHOST: 'env-host', PGPORT: '6000', PGUSER: 'envuser', PGDATABASE: 'envdb', PGSSLMODE: 'require', PGCONNECT_TIMEOUT: '1', PGAPPNAME: 'nightly' };
    const fromEnv = planTeamConnection('postgresql://', { env });
    assert.deepEqual({ ...fromEnv.target }, { host: 'env-host', port: 6000, database: 'envdb', user: 'envuser', sslmode: 'require', verification: 'encrypted, certificate not verified (sslmode=require, no root certificate)', label: 'envuser@env-host:6000/envdb' });
    const config = fromEnv.attempts[0]!.config;
    assert.equal(config.connectionTimeoutMillis, 2000); // libpq counts 1 s as 2
    assert.equal(config.application_name, 'nightly');
    const fromUrl = planTeamConnection('postgresql://alice@db:5432/models?sslmode=disable&connect_timeout=0', { env });
    assert.equal(fromUrl.target.label, 'alice@db:5432/models');
    assert.equal(fromUrl.attempts[0]!.config.ssl, false);
    assert.equal(fromUrl.attempts[0]!.config.connectionTimeoutMillis, 0);
    assert.equal(planTeamConnection('postgresql://alice@db/models', { env: { HOME: home } }).attempts[0]!.config.connectionTimeoutMillis, 10_000);
  });

  it('tries TLS then plain for prefer, plain then TLS for allow, and never TLS over a Unix socket', () => {
    const env = { HOME: home };
    const prefer = planTeamConnection('postgresql://u@db/m', { env });
    assert.equal(prefer.target.sslmode, 'prefer');
    assert.deepEqual(prefer.attempts.map((a) => a.config.ssl !== false), [true, false]);
    assert.equal(prefer.attempts[0]!.retryNextWhen!(new Error('The server does not support SSL connections')), true);
    assert.equal(prefer.attempts[0]!.retryNextWhen!(Object.assign(new Error('password authentication failed'), { code: '28P01' })), false);
    const allow = planTeamConnection('postgresql://u@db/m?sslmode=allow', { env });
    assert.deepEqual(allow.attempts.map((a) => a.config.ssl !== false), [false, true]);
    assert.equal(allow.attempts[0]!.retryNextWhen!(Object.assign(new Error('no pg_hba.conf entry for host "1.2.3.4", user "u", database "m", no encryption'), { code: '28000' })), true);
    const socket = planTeamConnection('postgresql:///m?host=/run/pg&sslmode=verify-full', { env });
    assert.deepEqual(socket.attempts.map((a) => a.config.ssl), [false]);
    assert.equal(socket.target.verification, 'Unix socket (no TLS, as libpq)');
  });

  it('gives the option\'s password first, then the URL\'s, then PGPASSWORD, asked only when the server wants one', async () => {
    const password = (url: string, options: Parameters<typeof planTeamConnection>[1]) => (planTeamConnection(url, options).attempts[0]!.config.password as () => Promise<string>)();
    assert.equal(await password('postgresql://u:from-url@db/m', { password: 'from-option', env: { HOME: home, PGPASSWORD: 'from-env' } }), 'from-option');
    assert.equal(await password('postgresql://u:from-url@db/m', { env: { HOME: home, PGPASSWORD: 'from-env' } }), 'from-url');
    assert.equal(await password('postgresql://u@db/m', { env: { HOME: home, PGPASSWORD: 'from-env' } }), 'from-env');
    await assert.rejects(password('postgresql://u@db:5432/m', { env: { HOME: home } }), /^UserError: db:5432 asks a password for "u" and none was given: set PGPASSWORD, add a line db:5432:m:u:PASSWORD to .*\.pgpass/);
  });

  it('refuses a bad port or timeout', () => {
    assert.throws(() => planTeamConnection('postgresql://u@db/m', { env: { HOME: home, PGPORT: 'x' } }), /port "x" is not a TCP port/);
    assert.throws(() => planTeamConnection('postgresql://u@db/m?connect_timeout=soon', { env: { HOME: home } }), /connect_timeout "soon" is not a whole number of seconds/);
  });
});

describe('~/.pgpass', () => {
  const dir = tempDir('team-pgpass-');
  const file = path.join(dir, 'pgpass');
  const write = (text: string, mode = 0o600) => {
    fs.writeFileSync(file, text);
    fs.chmodSync(file, mode);
  };
  const query = { host: 'db.example.com', port: 5432, database: 'models', user: 'alice' };

  it('takes the first matching line, with * wildcards and \\: \\\\ escapes, skipping comments and short lines', () => {
    write(['# comment: db.example.com:5432:models:alice:not-this', 'db.example.com:5432:models', 'other:5432:models:alice:wrong-host', '*:5433:*:alice:wrong-port', 'db.example.com:*:*:alice:pa\\:ss\\\\wo:rd', '*:*:*:*:too-late', ''].join('\n'));
    assert.deepEqual(lookUpPgpass(file, query), { found: true, password: 'pa:ss\\wo:rd', file });
    assert.deepEqual(lookUpPgpass(file, { ...query, user: 'bob' }), { found: true, password: 'too-late', file });
  });

  it('matches a Unix socket as localhost, and reads Windows line ends', () => {
    write('localhost:5432:models:alice:socket-pass\r\n');
    assert.deepEqual(lookUpPgpass(file, { ...query, host: '/var/run/postgresql' }), { found: true, password: 'socket-pass', file });
  });

  it('ignores a file the group or others may read, saying why; a missing file is no error', () => {
    write('*:*:*:*:secret', 0o640);
    const lookup = lookUpPgpass(file, query);
    assert.equal(lookup.found, false);
    assert.match(lookup.found ? '' : lookup.skipped ?? '', /has group or world access \(mode 640\); libpq ignores such a file too: chmod 600/);
    assert.deepEqual(lookUpPgpass(path.join(dir, 'missing'), query), { found: false, file: path.join(dir, 'missing') });
  });
});

describe('sslmode', () => {
  const home = tempDir('team-tls-home-');
  const ca = path.join(home, 'ca.crt');
  fs.writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n(test)\n-----END CERTIFICATE-----\n');

  it('require checks nothing without a root certificate, and the chain (not the name) with one', () => {
    assert.deepEqual(planTls({ sslmode: 'require' }, home).tls, { rejectUnauthorized: false });
    const withCa = planTls({ sslmode: 'require', sslrootcert: ca }, home);
    assert.equal(withCa.tls?.rejectUnauthorized, true);
    assert.equal(withCa.tls?.ca, fs.readFileSync(ca, 'utf8'));
    assert.equal(typeof withCa.tls?.checkServerIdentity, 'function');
    assert.match(withCa.verification, /certificate verified against .*ca\.crt, host name not checked \(sslmode=require\)/);
  });

  it('finds ~/.postgresql/root.crt as libpq does', () => {
    const other = tempDir('team-tls-home-');
    fs.mkdirSync(path.join(other, '.postgresql'));
    fs.copyFileSync(ca, path.join(other, '.postgresql', 'root.crt'));
    assert.equal(planTls({ sslmode: 'verify-full' }, other).tls?.ca, fs.readFileSync(ca, 'utf8'));
  });

  it('verify-full checks the chain and the name; verify-ca the chain only', () => {
    const full = planTls({ sslmode: 'verify-full', sslrootcert: ca }, home).tls!;
    assert.equal(full.rejectUnauthorized, true);
    assert.equal(full.checkServerIdentity, undefined); // Node's own check: the certificate must name the host
    assert.equal(typeof planTls({ sslmode: 'verify-ca', sslrootcert: ca }, home).tls!.checkServerIdentity, 'function');
  });

  it('sslrootcert=system means the system\'s roots, verify-full by default and only with it', () => {
    assert.deepEqual(planTls({ sslrootcert: 'system' }, home), { sslmode: 'verify-full', tls: { rejectUnauthorized: true }, verification: "certificate and host name verified against the system's trusted roots" });
    assert.throws(() => planTls({ sslmode: 'require', sslrootcert: 'system' }, home), /sslmode=require may not be used with sslrootcert=system/);
  });

  it('refuses an unknown mode, and a private key others may read', () => {
    assert.throws(() => planTls({ sslmode: 'on' }, home), /sslmode "on" is not a libpq SSL mode/);
    const key = path.join(home, 'client.key');
    fs.writeFileSync(key, 'key');
    fs.chmodSync(key, 0o644);
    assert.throws(() => planTls({ sslmode: 'require', sslcert: ca, sslkey: key }, home), /the private key .*client\.key has group or world access \(mode 644\); libpq refuses such a key too: chmod 600/);
    fs.chmodSync(key, 0o600);
    assert.deepEqual(planTls({ sslmode: 'require', sslcert: ca, sslkey: key }, home).tls, { rejectUnauthorized: false, cert: fs.readFileSync(ca, 'utf8'), key: 'key' });
  });
});
