/**
 * The ECharts parts this module uses, and only those: bar charts on a grid with tooltip and
 * legend, drawn on canvas (each chart's wrapper carries its own text description). Only the
 * chart components import this file, so ECharts loads with a chart and with nothing else.
 */
import { use, type ComposeOption } from 'echarts/core';
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export type BarChartOption = ComposeOption<
  BarSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption
>;

/** The app's font stack, so CJK labels on the canvas match the page. */
export function chartFont(): string {
  return getComputedStyle(document.documentElement).getPropertyValue('--el-font-family').trim() || 'sans-serif';
}
