// `npm run bench:readme`: rewrites the README's performance table from bench/results.json.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { updateReadme } from './readmeTable';
import type { BenchReport } from './report';

const ROOT = path.resolve(__dirname, '..', '..');
const results = path.join(ROOT, 'bench', 'results.json');
if (!fs.existsSync(results)) throw new Error(`${results} does not exist: run \`npm run bench -- scale\` first`);
console.log(updateReadme(path.join(ROOT, 'README.md'), JSON.parse(fs.readFileSync(results, 'utf8')) as BenchReport));
