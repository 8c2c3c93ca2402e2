// What bench/run.ts and bench/logs.ts share: a result row, percentiles, the markdown table.

export interface BenchRow {
  name: string;
  ours: string;
  baseline: string;
  ratio: number;
  target: string;
  ok: boolean | undefined;
}

export const sortNum = (values: number[]): number[] => [...values].sort((a, b) => a - b);

/** The p-th percentile of values already sorted ascending. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const median = (values: number[]): number => percentile(sortNum(values), 50);

/** The table's header and one line per row. */
export function tableLines(rows: readonly BenchRow[]): string[] {
  return [
    '| measurement | Serverless Workbench | baseline | ratio | target | met |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.name} | ${r.ours} | ${r.baseline} | ${r.ratio.toFixed(2)}× | ${r.target} | ${r.ok === undefined ? '' : r.ok ? 'yes' : 'NO'} |`),
  ];
}
