// The compare runs webview: vscode-elements controls, the table, the charts (ECharts), the code section.
import '../shared/l10n';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-multi-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import './tableView';
import './metricChart';
import './plotChart';
import './compareApp';

document.getElementById('app')?.append(document.createElement('compare-app'));
