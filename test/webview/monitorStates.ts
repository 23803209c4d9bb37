import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DriftRules } from '../../src/core/monitor/monitorConfig';
import type { MonitorEvaluationPoint, MonitorState } from '../../src/protocol/monitor';
import { monitorStages, type MonitorCheckInput } from '../../src/protocol/monitorStages';
import { seattleWeather, fileDriftCheck, writeCsv } from '../../testkit/weatherBatches';

export const MONTHS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];
export const RULES: DriftRules = { share: 0.5, columns: { precipitation: { test: null, threshold: 0.3 }, wind: { test: null, threshold: 0.3 }, weather: { test: null, threshold: 0.3 } } };

/**
 * The Monitoring panel's state for a weather model trained on Seattle's 2013 weather and fed each
 * month of 2014 as a batch, checked by the drift engine (the version's data given as a file):
 * the seasons make some months drift and others not.
 */
export async function weatherMonitorState(evaluations: MonitorEvaluationPoint[] = []): Promise<MonitorState> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'monitor-webview-'));
  try {
    const reference = path.join(dir, 'train-2013.csv');
    writeCsv(reference, seattleWeather((d) => d.startsWith('2013')));
    const check = fileDriftCheck({ 'weather@v1.0.0': reference });
    const checks: MonitorCheckInput[] = [];
    for (const [i, month] of MONTHS.entries()) {
      const batch = path.join(dir, `2014-${month}.csv`);
      writeCsv(batch, seattleWeather((d) => d.startsWith(`2014-${month}`)));
      const report = await check('weather@v1.0.0', batch, RULES);
      checks.push({
        id: i + 1,
        stage: 'prod',
        batchPath: `data/incoming/2014-${month}.csv`,
        checkedAt: Date.UTC(2014, i + 1, 1),
        version: i < 6 ? 'v1.0.0' : 'v1.1.0',
        rows: report.rows.current,
        driftShare: report.driftShare,
        shareThreshold: report.shareThreshold,
        datasetDrift: report.datasetDrift,
        columns: [...report.columns].sort((a, b) => b.score - a.score),
      });
    }
    return {
      model: 'weather',
      stages: monitorStages(checks, [{ stage: 'prod', rules: { share: 0.5 }, important: ['temp_max'] }, { stage: 'staging', rules: { share: 0.3 }, important: [] }]),
      evaluations,
      problems: [],
      watched: true,
      saved: { folder: '/work/weather', model: 'weather' },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
