/**
 * A small time chart of the last minutes (uPlot: a few kilobytes, draws thousands of points without
 * effort). Colours come from the theme, and it redraws in the other theme when the system switches.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { themeColours } from '../../components/theme-colours';
import { onThemeChange } from '../preferences/theme';

export interface ChartSeries {
  label: string;
  /** A CSS variable holding the colour, e.g. `--accent`. */
  colorVar: string;
}

interface StatsChartProps {
  /** The chart's accessible name. */
  label: string;
  series: ChartSeries[];
  /** Seconds since the epoch, then one array per series. */
  data: [number[], ...(number | null)[][]];
  /** How a value reads on the axis. */
  format(value: number): string;
  /** The smallest top of the scale, so a quiet container does not look busy. */
  minMax: number;
  /** Values are bytes: steps in powers of two. */
  binary?: boolean;
  height?: number;
}

/** Steps for sizes, so the axis reads 16 MB, 32 MB rather than 9.5 MB. */
const BINARY_STEPS = Array.from({ length: 50 }, (_, i) => 2 ** i);
/** Whole seconds on the time axis, so two ticks never read the same. */
const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600];
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

const cssVar = (name: string) => themeColours({ colour: name }).colour || '#888';

function options(props: StatsChartProps, width: number): uPlot.Options {
  const grid = { stroke: cssVar('--border'), width: 1 };
  const axis = { stroke: cssVar('--text-faint'), grid, ticks: { show: false }, font: '11px system-ui, sans-serif' };
  return {
    width,
    height: props.height ?? 120,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { size: 5 } },
    scales: {
      x: { time: true },
      y: { range: (_u, _min, max) => [0, Math.max(props.minMax, max * 1.15)] },
    },
    axes: [
      { ...axis, size: 26, space: 80, incrs: TIME_STEPS, values: (_u, ticks) => ticks.map((t) => clock.format(new Date(t * 1000))) },
      { ...axis, size: 64, incrs: props.binary ? BINARY_STEPS : undefined, values: (_u, ticks) => ticks.map(props.format) },
    ],
    series: [
      {},
      ...props.series.map((s) => {
        const color = cssVar(s.colorVar);
        return { label: s.label, stroke: color, width: 1.5, fill: `color-mix(in srgb, ${color} 12%, transparent)`, points: { show: false } };
      }),
    ],
  };
}

export function StatsChart(props: StatsChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const make = () => {
      chart.current?.destroy();
      chart.current = new uPlot(options(latest.current, element.clientWidth || 300), latest.current.data as uPlot.AlignedData, element);
    };
    make();
    const resize = new ResizeObserver(() => chart.current?.setSize({ width: element.clientWidth, height: latest.current.height ?? 120 }));
    resize.observe(element);
    // The theme may change by the system's or by the user's choice in Preferences.
    const offTheme = onThemeChange(make);
    return () => {
      resize.disconnect();
      offTheme();
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setData(props.data as uPlot.AlignedData);
  }, [props.data]);

  return <div ref={box} className="stats-chart" role="img" aria-label={props.label} />;
}
