import * as l10n from '@vscode/l10n';
import type { MonitorEvaluationPoint, MonitorStage } from '../../src/protocol/monitor';
import type { ChartTheme } from '../compare/palette';
import { format } from './echartsSetup';

type Option = Record<string, unknown>;

/** The colours of a batch without and with dataset drift. */
export interface VerdictColours {
  ok: string;
  drift: string;
}

export function readVerdictColours(theme: ChartTheme): VerdictColours {
  const style = getComputedStyle(document.body);
  const read = (name: string) => style.getPropertyValue(name).trim();
  return { ok: read('--vscode-charts-blue') || theme.foreground, drift: read('--vscode-charts-red') || read('--vscode-errorForeground') || theme.foreground };
}

/** What every chart of the panel shares: theme colours and font, a time axis, zoom with the wheel. */
function base(theme: ChartTheme, yName: string): Option {
  const axis = { axisLine: { lineStyle: { color: theme.grid } }, axisLabel: { color: theme.muted }, splitLine: { lineStyle: { color: theme.grid, opacity: 0.4 } } };
  return {
    animation: false,
    textStyle: { fontFamily: theme.font, color: theme.foreground },
    grid: { left: 56, right: 24, top: 36, bottom: 32 },
    xAxis: { type: 'time', ...axis },
    yAxis: { type: 'value', name: yName, nameTextStyle: { color: theme.muted }, ...axis },
    tooltip: { trigger: 'item', backgroundColor: theme.background, borderColor: theme.grid, textStyle: { color: theme.foreground } },
    dataZoom: [{ type: 'inside', filterMode: 'none' }],
  };
}

function escape(text: string): string {
  return format.encodeHTML(text);
}

function when(at: number): string {
  return new Date(at).toLocaleString();
}

/** The drift share of each batch, a red point where the batch drifted, and the threshold as a dashed line. */
export function driftShareOption(stage: MonitorStage, theme: ChartTheme, verdicts: VerdictColours): Option {
  const { ok, drift } = verdicts;
  const byId = new Map(stage.batches.map((b) => [String(b.checkId), b]));
  return {
    ...base(theme, l10n.t('drift share')),
    yAxis: { ...(base(theme, '').yAxis as Option), name: l10n.t('drift share'), min: 0, max: 1, axisLabel: { color: theme.muted, formatter: (v: number) => `${Math.round(v * 100)}%` } },
    tooltip: {
      ...(base(theme, '').tooltip as Option),
      formatter: (p: { name: string }) => {
        const b = byId.get(p.name);
        if (!b) return '';
        const lines = [
          `<b>${escape(b.batchPath)}</b>`,
          escape(when(b.checkedAt)),
          escape(l10n.t('version {0} · {1} rows', b.version ?? '—', b.rows)),
          escape(l10n.t('drift share {0}% ({1})', Math.round(b.driftShare * 100), b.datasetDrift ? l10n.t('dataset drift') : l10n.t('no dataset drift'))),
          ...(b.drifted.length > 0 ? [escape(l10n.t('drifted: {0}', b.drifted.join(', ')))] : []),
        ];
        return lines.join('<br>');
      },
    },
    series: [
      {
        id: 'share',
        type: 'line',
        name: l10n.t('drift share'),
        showAllSymbol: true,
        symbolSize: 8,
        lineStyle: { color: ok },
        data: stage.batches.map((b) => ({ name: String(b.checkId), value: [b.checkedAt, b.driftShare], itemStyle: { color: b.datasetDrift ? drift : ok } })),
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: drift, type: 'dashed' },
          label: { color: theme.muted, formatter: l10n.t('threshold {0}%', Math.round(stage.shareThreshold * 100)) },
          data: [{ yAxis: stage.shareThreshold }],
        },
      },
    ],
  };
}

/** Each drifted column's score per batch, with its threshold as a dashed line of its colour. */
export function featureScoresOption(stage: MonitorStage, theme: ChartTheme): Option {
  const colours = theme.runColours;
  return {
    ...base(theme, l10n.t('drift score')),
    legend: { type: 'scroll', top: 0, textStyle: { color: theme.foreground }, pageTextStyle: { color: theme.muted } },
    tooltip: {
      ...(base(theme, '').tooltip as Option),
      formatter: (p: { seriesName: string; value: [number, number]; dataIndex: number }) => {
        const feature = stage.features.find((f) => f.column === p.seriesName);
        const batch = stage.batches[p.dataIndex];
        if (!feature || !batch) return '';
        return [
          `<b>${escape(feature.column)}</b> (${escape(feature.test)})`,
          escape(batch.batchPath),
          escape(l10n.t('score {0}{1}', p.value[1].toPrecision(3), feature.drift[p.dataIndex] ? ` · ${l10n.t('drift')}` : '')),
        ].join('<br>');
      },
    },
    series: stage.features.map((f, i) => ({
      id: `feature:${f.column}`,
      type: 'line',
      name: f.column,
      showAllSymbol: true,
      symbolSize: 6,
      connectNulls: false,
      lineStyle: { color: colours[i % colours.length], width: f.important ? 3 : 1.5 },
      itemStyle: { color: colours[i % colours.length] },
      data: stage.batches.map((b, j) => ({ name: String(b.checkId), value: [b.checkedAt, f.scores[j]] })),
      ...(f.threshold === null
        ? {}
        : { markLine: { silent: true, symbol: 'none', lineStyle: { color: colours[i % colours.length], type: 'dashed', opacity: 0.6 }, label: { show: false }, data: [{ yAxis: f.threshold }] } }),
    })),
  };
}

/** An evaluation metric over time, one series per version evaluated. */
export function evaluationOption(metric: string, points: readonly MonitorEvaluationPoint[], theme: ChartTheme): Option {
  const versions = [...new Set(points.map((p) => p.version ?? '—'))];
  return {
    ...base(theme, metric),
    yAxis: { ...(base(theme, '').yAxis as Option), name: metric, scale: true },
    legend: { top: 0, textStyle: { color: theme.foreground } },
    tooltip: {
      ...(base(theme, '').tooltip as Option),
      formatter: (p: { seriesName: string; value: [number, number]; data: { batch: string | null } }) =>
        [`<b>${escape(metric)}</b> ${escape(String(p.value[1]))}`, escape(l10n.t('version {0}', p.seriesName)), escape(when(p.value[0])), ...(p.data.batch ? [escape(p.data.batch)] : [])].join('<br>'),
    },
    series: versions.map((version, i) => ({
      id: `version:${version}`,
      type: 'line',
      name: version,
      showAllSymbol: true,
      symbolSize: 6,
      itemStyle: { color: theme.runColours[i % theme.runColours.length] },
      lineStyle: { color: theme.runColours[i % theme.runColours.length] },
      data: points.filter((p) => (p.version ?? '—') === version).sort((a, b) => a.at - b.at).map((p) => ({ value: [p.at, p.value], batch: p.batchPath })),
    })),
  };
}
