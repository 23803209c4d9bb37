// `npm run bench`: prints a table and writes bench/results.json. Figures, never assertions.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeReport, printReport, writeReport, type BenchResult } from './report';
import { runScale } from './scale';
import { benchArtifactsTree } from './artifactsTree';
import { benchAuditVerify } from './auditVerify';
import { benchCompareSeries } from './compareSeries';
import { benchDriftParquet } from './driftParquet';
import { benchDriftReportOpen } from './driftReportOpen';
import { benchFirstOpen } from './firstOpen';
import { benchFirstOpenEditor } from './firstOpenEditor';
import { benchGateCheck } from './gateCheck';
import { benchIngestBigFile } from './ingestBigFile';
import { benchImportLockHold } from './importLockHold';
import { benchIngestMlflow } from './ingestMlflow';
import { benchIngestTail } from './ingestTail';
import { benchListRuns } from './listRuns';
import { benchMediaCompare } from './mediaCompare';
import { benchLiveMlflowChange } from './liveMlflowChange';
import { benchLivePoll } from './livePoll';
import { benchProfileCsv } from './profileCsv';
import { benchRegistryScan } from './registryScan';
import { benchReviewsRead } from './reviewsRead';
import { benchStoreInsertPoints } from './storeInsertPoints';
import { benchTeam } from './team';
import { benchTreeExpand } from './treeExpand';
import { benchWebviewBundle } from './webviewBundle';

/** By the word that picks them: `npm run bench -- compare webview` runs only those two. */
const BENCHMARKS: Record<string, () => BenchResult | BenchResult[] | Promise<BenchResult | BenchResult[]>> = {
  store: benchStoreInsertPoints,
  mlflow: benchIngestMlflow,
  firstopen: benchFirstOpen,
  lock: benchImportLockHold,
  bigfile: benchIngestBigFile,
  tail: benchIngestTail,
  poll: benchLivePoll,
  livemlflow: benchLiveMlflowChange,
  registry: benchRegistryScan,
  reviews: benchReviewsRead,
  compare: benchCompareSeries,
  list: benchListRuns,
  tree: benchTreeExpand,
  editor: benchFirstOpenEditor,
  webview: benchWebviewBundle,
  profile: benchProfileCsv,
  drift: benchDriftParquet,
  driftreport: benchDriftReportOpen,
  gate: benchGateCheck,
  audit: benchAuditVerify,
  artifacts: benchArtifactsTree,
  media: benchMediaCompare,
  team: benchTeam,
};

async function main(): Promise<void> {
  // `npm run bench -- scale [words]`: the ScalableBenches at 1×, 10× and 100× (bench/scale.ts).
  if (process.argv[2] === 'scale') return runScale(process.argv.slice(3));
  const chosen = process.argv.slice(2);
  const unknown = chosen.filter((word) => !Object.hasOwn(BENCHMARKS, word));
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`);
  const results: BenchResult[] = [];
  for (const [word, bench] of Object.entries(BENCHMARKS)) if (chosen.length === 0 || chosen.includes(word)) results.push(...[await bench()].flat());
  printReport(makeReport(results));
  const file = path.resolve(__dirname, '..', '..', 'bench', 'results.json');
  // A partial run replaces its own figures and keeps the others of the last run.
  writeReport(makeReport(chosen.length === 0 ? results : mergeResults(readResults(file), results)), file);
  console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
}

function readResults(file: string): BenchResult[] {
  if (!fs.existsSync(file)) return [];
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { results: BenchResult[] }).results;
}

function mergeResults(previous: BenchResult[], fresh: BenchResult[]): BenchResult[] {
  const names = new Set(fresh.map((r) => r.name));
  return [...previous.filter((r) => !names.has(r.name)), ...fresh];
}

void main();
