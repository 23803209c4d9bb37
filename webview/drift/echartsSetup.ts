import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the drift report draws: step lines over shared edges, grouped bars.
use([LineChart, BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export { init, type EChartsType } from 'echarts/core';
