// Entry of the `model-ledger` bin. The Node check runs before anything loads better-sqlite3,
// which crashes on Node 20 instead of failing with a message.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(`model-ledger: needs Node.js 22 or newer; this is ${process.version}.\n`);
  process.exit(1);
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runCli } = require('./runCli') as typeof import('./runCli');
runCli(process.argv.slice(2), { cwd: process.cwd(), out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }).then(
  (code) => {
    process.exitCode = code;
  },
);
