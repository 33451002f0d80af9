/**
 * The ECharts parts this module uses, and only those: bar charts on a grid with tooltip and
 * legend, drawn on canvas (each chart's wrapper carries its own text description). Also the
 * fixed colour of each party kind, so a party looks the same in every chart.
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
import type { PartyKind } from './costsharing.api';

use([BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export type BarChartOption = ComposeOption<
  BarSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption
>;

/** The app's font stack, so CJK labels on the canvas match the page. */
export function chartFont(): string {
  return getComputedStyle(document.documentElement).getPropertyValue('--el-font-family').trim() || 'sans-serif';
}

export const PARTY_COLOURS: Record<PartyKind, string> = {
  community: '#2563eb',
  department: '#0f766e',
  institution: '#7c3aed',
  operator: '#b45309',
  social: '#db2777',
  resident: '#64748b',
};
