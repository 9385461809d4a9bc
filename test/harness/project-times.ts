/**
 * A vitest reporter that ends `npm test` with each project's time, so a change that slows the suite is
 * visible in the CI log. For each project: its files, the wall time from its first file's start to its
 * last file's end (what it adds to the run, overlapping projects counted in each), and the sum of its
 * files' own durations (what it would take one file at a time). Global setups (a private engine, the
 * VM's boot) are in the run's total, not in a project's line.
 */
import type { Reporter, TestModule } from 'vitest/node';

interface Span {
  files: number;
  start: number;
  end: number;
  sum: number;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export default class ProjectTimes implements Reporter {
  private readonly started = new Map<string, number>();
  private readonly spans = new Map<string, Span>();
  private runStart = Date.now();

  onTestRunStart(): void {
    this.runStart = Date.now();
  }

  onTestModuleStart(module: TestModule): void {
    this.started.set(`${module.project.name}\0${module.moduleId}`, Date.now());
  }

  onTestModuleEnd(module: TestModule): void {
    const name = module.project.name;
    const end = Date.now();
    const start = this.started.get(`${name}\0${module.moduleId}`) ?? end;
    const span = this.spans.get(name) ?? { files: 0, start, end, sum: 0 };
    span.files++;
    span.start = Math.min(span.start, start);
    span.end = Math.max(span.end, end);
    span.sum += end - start;
    this.spans.set(name, span);
  }

  onTestRunEnd(): void {
    if (!this.spans.size) return;
    const rows = [...this.spans].sort((a, b) => a[1].start - b[1].start);
    const width = Math.max(...rows.map(([n]) => n.length));
    const lines = rows.map(([name, s]) => `  ${name.padEnd(width)}  ${String(s.files).padStart(3)} files  ${seconds(s.end - s.start).padStart(9)} wall  ${seconds(s.sum).padStart(9)} summed`);
    console.log(`\nTime per project (run total ${seconds(Date.now() - this.runStart)}, with global setups):\n${lines.join('\n')}\n`);
  }
}
