// The Monitoring webview: a model's drift per batch and its evaluations, as time series (ECharts).
import '../shared/l10n';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import './timeChart';
import './monitorApp';

document.getElementById('app')?.append(document.createElement('monitor-app'));
