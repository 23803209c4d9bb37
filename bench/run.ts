// `npm run bench`: prints a table and writes bench/results.json. Figures, never assertions.
import * as path from 'node:path';
import { makeReport, printReport, writeReport, type BenchResult } from './report';
import { benchStoreInsertPoints } from './storeInsertPoints';

const BENCHMARKS: (() => BenchResult)[] = [benchStoreInsertPoints];

const report = makeReport(BENCHMARKS.map((bench) => bench()));
printReport(report);
const file = path.resolve(__dirname, '..', '..', 'bench', 'results.json');
writeReport(report, file);
console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
