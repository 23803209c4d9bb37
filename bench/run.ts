// `npm run bench`: prints a table and writes bench/results.json. Figures, never assertions.
import * as path from 'node:path';
import { makeReport, printReport, writeReport, type BenchResult } from './report';
import { benchCompareSeries } from './compareSeries';
import { benchIngestBigFile } from './ingestBigFile';
import { benchIngestMlflow } from './ingestMlflow';
import { benchIngestTail } from './ingestTail';
import { benchListRuns } from './listRuns';
import { benchRegistryScan } from './registryScan';
import { benchStoreInsertPoints } from './storeInsertPoints';
import { benchTreeExpand } from './treeExpand';

const BENCHMARKS: (() => BenchResult | BenchResult[] | Promise<BenchResult | BenchResult[]>)[] = [
  benchStoreInsertPoints,
  benchIngestMlflow,
  benchIngestBigFile,
  benchIngestTail,
  benchRegistryScan,
  benchCompareSeries,
  benchListRuns,
  benchTreeExpand,
];

async function main(): Promise<void> {
  const results: BenchResult[] = [];
  for (const bench of BENCHMARKS) results.push(...[await bench()].flat());
  const report = makeReport(results);
  printReport(report);
  const file = path.resolve(__dirname, '..', '..', 'bench', 'results.json');
  writeReport(report, file);
  console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
}

void main();
