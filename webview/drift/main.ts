// The drift report webview: the verdict, the findings, the columns by drift score, each column's distributions (ECharts, drawn as they scroll into view).
import '../shared/l10n';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import './distributionChart';
import './driftApp';

document.getElementById('app')?.append(document.createElement('drift-app'));
