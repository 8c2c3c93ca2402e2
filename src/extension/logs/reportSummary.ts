import type { ReportMetrics } from './logLines';

/**
 * The line a tail prints after each REPORT: what the REPORT says, readable at a glance —
 * `── 12.3 ms · 64/128 MB · cold start 110 ms`. Pure.
 */

/** `0.84 ms`, `12.3 ms`, `245 ms`, `1.25 s`. */
export function shortMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 1) return `${Number(ms.toFixed(1))} ms`;
  return `${Number(ms.toFixed(2))} ms`;
}

export function reportSummaryLine(report: ReportMetrics): string {
  const parts = [shortMs(report.durationMs)];
  if (report.maxMemoryUsedMB !== undefined) {
    parts.push(report.memorySizeMB !== undefined ? `${report.maxMemoryUsedMB}/${report.memorySizeMB} MB` : `${report.maxMemoryUsedMB} MB`);
  }
  parts.push(report.initDurationMs !== undefined ? `cold start ${Math.round(report.initDurationMs)} ms` : 'warm');
  if (report.status) parts.push(report.errorType ? `${report.status} (${report.errorType})` : report.status);
  return `── ${parts.join(' · ')}`;
}
