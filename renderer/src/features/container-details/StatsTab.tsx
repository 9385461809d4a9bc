/**
 * Live resource use: CPU, memory, network and disk traffic, processes, as numbers and as charts of the
 * last minutes. Streamed only while this tab is open and the window visible (see container-stats/hub).
 */
import { useMemo } from 'react';
import type { StatsSample } from '../../../../engine/contract/container-details-types';
import { Spinner } from '../../components/Spinner';
import { HISTORY_MS } from '../container-stats/hub';
import { useStatsHistory } from '../container-stats/useLiveStats';
import { formatBytes, formatMemoryBytes } from '../../components/format';
import { StatsChart } from './StatsChart';
import { Placeholder } from '../../components/Placeholder';

/** Samples come every second; a longer silence is a gap. */
const GAP_MS = 3000;

const percent = (v: number) => `${v < 10 ? v.toFixed(1) : Math.round(v)}%`;
const rate = (v: number) => `${formatBytes(v)}/s`;

/** Per-second rates from cumulative counters; null where a counter went back (the container restarted). */
function rates(samples: readonly StatsSample[], pick: (s: StatsSample) => number): (number | null)[] {
  return samples.map((s, i) => {
    const before = samples[i - 1];
    if (!before) return null;
    const seconds = (s.at - before.at) / 1000;
    const delta = pick(s) - pick(before);
    return seconds > 0 && seconds * 1000 <= GAP_MS && delta >= 0 ? delta / seconds : null;
  });
}

function Tile({ label, value, detail, testId }: { label: string; value: string; detail?: string; testId: string }) {
  return (
    <div className="stat-tile" data-testid={testId}>
      <div className="stat-tile__label">{label}</div>
      <div className="stat-tile__value">{value}</div>
      {detail && <div className="stat-tile__detail">{detail}</div>}
    </div>
  );
}

export function StatsTab({ id, name, running }: { id: string; name: string; running: boolean }) {
  const samples = useStatsHistory(id, running);
  const series = useMemo(() => {
    // Where samples stop for a while (the tab was closed, the window hidden), the lines break instead of
    // bridging the gap.
    const xs: number[] = [];
    const at: (number | null)[] = [];
    samples.forEach((s, i) => {
      const before = samples[i - 1];
      if (before && s.at - before.at > GAP_MS) {
        xs.push(before.at / 1000 + 1);
        at.push(null);
      }
      xs.push(s.at / 1000);
      at.push(i);
    });
    const pick = (values: (number | null)[]) => at.map((i) => (i === null ? null : values[i]!));
    return {
      cpu: [xs, pick(samples.map((s) => s.cpuPercent))] as [number[], (number | null)[]],
      memory: [xs, pick(samples.map((s) => s.memoryUsed))] as [number[], (number | null)[]],
      network: [xs, pick(rates(samples, (s) => s.networkRx)), pick(rates(samples, (s) => s.networkTx))] as [number[], (number | null)[], (number | null)[]],
      block: [xs, pick(rates(samples, (s) => s.blockRead)), pick(rates(samples, (s) => s.blockWrite))] as [number[], (number | null)[], (number | null)[]],
    };
  }, [samples]);

  if (!running) {
    return (
      <Placeholder testId="stats-tab" title={<>{name} is not running</>}>
        Start it to see how much CPU, memory, network and disk it uses.
      </Placeholder>
    );
  }
  const last = samples[samples.length - 1];
  if (!last) {
    return (
      <div className="placeholder" role="status" data-testid="stats-tab">
        <Spinner />
        <p>Measuring {name}… the first figures take two seconds.</p>
      </div>
    );
  }
  const netIn = series.network[1].at(-1) ?? 0;
  const netOut = series.network[2].at(-1) ?? 0;
  const readRate = series.block[1].at(-1) ?? 0;
  const writeRate = series.block[2].at(-1) ?? 0;
  const memoryShare = last.memoryLimit ? (last.memoryUsed / last.memoryLimit) * 100 : 0;
  return (
    <div className="stats-tab" data-testid="stats-tab">
      <div className="stat-tiles">
        <Tile testId="stat-cpu" label="CPU" value={percent(last.cpuPercent)} detail="100% is one whole CPU" />
        <Tile testId="stat-memory" label="Memory" value={formatMemoryBytes(last.memoryUsed)} detail={`${percent(memoryShare)} of ${formatMemoryBytes(last.memoryLimit)}`} />
        <Tile testId="stat-network" label="Network in / out" value={`${rate(netIn)} / ${rate(netOut)}`} detail={`${formatBytes(last.networkRx)} / ${formatBytes(last.networkTx)} in all`} />
        <Tile testId="stat-disk" label="Disk read / write" value={`${rate(readRate)} / ${rate(writeRate)}`} detail={`${formatBytes(last.blockRead)} / ${formatBytes(last.blockWrite)} in all`} />
        <Tile testId="stat-pids" label="Processes" value={String(last.pids)} />
      </div>
      <p className="muted stats-tab__window">The last {Math.round(HISTORY_MS / 60_000)} minutes while this tab is open, one point a second.</p>
      <div className="stat-charts">
        <figure className="stat-chart">
          <figcaption>CPU</figcaption>
          <StatsChart label={`CPU of ${name} over time`} series={[{ label: 'CPU', colorVar: '--accent' }]} data={series.cpu} format={percent} minMax={5} />
        </figure>
        <figure className="stat-chart">
          <figcaption>Memory</figcaption>
          <StatsChart label={`Memory of ${name} over time`} series={[{ label: 'Memory', colorVar: '--success' }]} data={series.memory} format={formatMemoryBytes} minMax={16 * 1024 ** 2} binary />
        </figure>
        <figure className="stat-chart">
          <figcaption>
            Network <span className="chart-legend chart-legend--a">in</span> <span className="chart-legend chart-legend--b">out</span>
          </figcaption>
          <StatsChart
            label={`Network traffic of ${name} over time`}
            series={[
              { label: 'In', colorVar: '--accent' },
              { label: 'Out', colorVar: '--warning' },
            ]}
            data={series.network}
            format={rate}
            minMax={1024}
            binary
          />
        </figure>
        <figure className="stat-chart">
          <figcaption>
            Disk <span className="chart-legend chart-legend--a">read</span> <span className="chart-legend chart-legend--b">write</span>
          </figcaption>
          <StatsChart
            label={`Disk traffic of ${name} over time`}
            series={[
              { label: 'Read', colorVar: '--accent' },
              { label: 'Write', colorVar: '--warning' },
            ]}
            data={series.block}
            format={rate}
            minMax={1024}
            binary
          />
        </figure>
      </div>
    </div>
  );
}
