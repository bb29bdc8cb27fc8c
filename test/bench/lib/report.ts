/** Figures, table rows and the formatting shared by the benchmarks. */

/** One line of the printed table. `pass` is null for a figure without a target. */
export interface Row {
  bench: string;
  measure: string;
  value: string;
  target?: string;
  pass?: boolean | null;
}

export interface BenchResult {
  name: string;
  rows: Row[];
  /** How the benchmark was run and how to read it; printed under the table. */
  notes: string[];
  /** Raw figures, written to the JSON file as they are. */
  raw: Record<string, unknown>;
  durationMs?: number;
}

/** Nearest-rank percentile of an unsorted sample; NaN for an empty one. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return {
    n: values.length,
    min: values.length ? min : Number.NaN,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: values.length ? max : Number.NaN,
  };
}

export const fmt = {
  int: (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a'),
  num: (n: number, digits = 1) =>
    Number.isFinite(n)
      ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
      : 'n/a',
  ms: (n: number, digits = 0) => (Number.isFinite(n) ? `${fmt.num(n, digits)} ms` : 'n/a'),
  s: (ms: number) => (Number.isFinite(ms) ? `${fmt.num(ms / 1000, 1)} s` : 'n/a'),
  mb: (bytes: number | null) =>
    bytes !== null && Number.isFinite(bytes) ? `${fmt.num(bytes / 2 ** 20, 1)} MB` : 'n/a',
  kb: (bytes: number) => (Number.isFinite(bytes) ? `${fmt.num(bytes / 1024, 1)} KB` : 'n/a'),
  pct: (fraction: number) => (Number.isFinite(fraction) ? `${fmt.num(fraction * 100, 1)} %` : 'n/a'),
  ratio: (n: number) => (Number.isFinite(n) ? fmt.num(n, 2) : 'n/a'),
};

/** "p50 / p95 / p99" of a latency sample in ms. */
export function latencyTriple(s: Summary): string {
  return `${fmt.ms(s.p50)} / ${fmt.ms(s.p95)} / ${fmt.ms(s.p99)}`;
}

function passCell(pass: boolean | null | undefined): string {
  if (pass === true) return 'pass';
  if (pass === false) return 'MISS';
  return '';
}

/** A plain-text table (fits a terminal and pastes into Markdown as a code block). */
export function renderTable(rows: readonly Row[]): string {
  const header = ['benchmark', 'measure', 'value', 'target', ''];
  const cells = rows.map((r) => [r.bench, r.measure, r.value, r.target ?? '', passCell(r.pass)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) =>
    c
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join(' | ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-|-');
  const out = [line(header), rule];
  let previous = '';
  for (const c of cells) {
    const bench = c[0] ?? '';
    out.push(line([bench === previous ? '' : bench, ...c.slice(1)]));
    previous = bench;
  }
  return out.join('\n');
}
