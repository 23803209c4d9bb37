import { HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapContinuousComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the run's plots draw (in the run panel and in compare's Media section): heatmaps for
// confusion matrices, lines for ROC, precision-recall, calibration and custom x/y.
use([HeatmapChart, LineChart, GridComponent, LegendComponent, TooltipComponent, VisualMapContinuousComponent, CanvasRenderer]);

export { init, type EChartsType } from 'echarts/core';
