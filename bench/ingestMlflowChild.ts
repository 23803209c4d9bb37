// Imports one MLflow store in a process of its own, so its peak RSS is the import's alone.
// Usage: node ingestMlflowChild.js <workspace> <store dir>
import { DiagnosticSink } from '../src/ingest/diagnostics';
import { importMlflowStore } from '../src/ingest/mlflow/importMlflowStore';
import { Store } from '../src/store/store';

const [workspace, storeDir] = process.argv.slice(2) as [string, string];
const store = Store.open(workspace);
const diagnostics = new DiagnosticSink();
const started = performance.now();
const summary = importMlflowStore({ store, workspace, diagnostics }, storeDir);
const seconds = (performance.now() - started) / 1000;
const points = store.counts().metricPoints;
store.close();
process.stdout.write(JSON.stringify({ seconds, points, runs: summary.runs, problems: diagnostics.all.length, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
