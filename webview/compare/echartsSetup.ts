import { CustomChart, LineChart, ParallelChart, ScatterChart } from 'echarts/charts';
import { DataZoomInsideComponent, DataZoomSliderComponent, GridComponent, ParallelComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the compare panel draws, so the bundle carries no other chart type.
use([LineChart, CustomChart, ScatterChart, ParallelChart, GridComponent, TooltipComponent, DataZoomInsideComponent, DataZoomSliderComponent, ParallelComponent, CanvasRenderer]);

export { format, init, type EChartsType } from 'echarts/core';
