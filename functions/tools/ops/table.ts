/**
 * Plain-text tables and the unit formatting the operator CLI prints. No colours or box drawing:
 * the output is meant to be pasted into tickets and grepped.
 */

export type Align = 'left' | 'right';

/** Renders rows under a header, columns two spaces apart; `align` defaults to left. */
export function renderTable(headers: string[], rows: string[][], align: Align[] = []): string {
  const widths = headers.map((header, col) =>
    Math.max(header.length, ...rows.map((row) => (row[col] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, col) =>
        align[col] === 'right' ? cell.padStart(widths[col]) : cell.padEnd(widths[col]),
      )
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width));
  return [line(headers), line(rule), ...rows.map((row) => line(row))].join('\n');
}

/** `0.9234` → `92.3%`; `-` when there is no rate. */
export function formatPercent(fraction: number | null): string {
  return fraction === null ? '-' : `${(fraction * 100).toFixed(1)}%`;
}

/** `850 ms`, `2.5 s`, `3.0 min`; `-` when unknown. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '-';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

/** `45s`, `12m 5s`, `3h 5m`, `2d 4h`; `-` when unknown. */
export function formatAge(seconds: number | null): string {
  if (seconds === null) return '-';
  const units: [number, string][] = [
    [86_400, 'd'],
    [3_600, 'h'],
    [60, 'm'],
    [1, 's'],
  ];
  const first = units.findIndex(([size]) => seconds >= size);
  if (first === -1) return '0s';
  const [size, unit] = units[first];
  const whole = Math.floor(seconds / size);
  const next = units[first + 1];
  const rest = next ? Math.floor((seconds % size) / next[0]) : 0;
  return next && rest > 0 ? `${whole}${unit} ${rest}${next[1]}` : `${whole}${unit}`;
}

/** Cuts text to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
