/**
 * What the operator CLI prints for each command, built from the shared readers' results.
 */
import type { QueueStatus } from '../../src/processors/read-queue-status';
import type { ReplayResult } from '../../src/processors/replay-dead-letter';
import { formatAge, formatDuration, formatPercent, renderTable, truncate } from './table';

export function statusView(status: QueueStatus, target: string): string {
  const headers = ['queue', 'depth', 'oldest', 'running', 'ok', 'retried', 'dead', 'success'];
  headers.push('retry ok', 'mean', 'p95');
  const rows = status.queues.map((q) => [
    q.queue,
    String(q.depth),
    formatAge(q.oldestTaskAgeSeconds),
    String(q.running),
    String(q.succeeded),
    String(q.retried),
    String(q.dead),
    formatPercent(q.successRate),
    formatPercent(q.retrySuccessRate),
    formatDuration(q.meanDurationMs),
    formatDuration(q.p95DurationMs),
  ]);
  return [
    `queue status of ${target}: last ${status.windowHours} h (UTC, current hour included), ` +
      `generated ${status.generatedAt}`,
    '',
    renderTable(headers, rows, ['left', ...new Array<'right'>(headers.length - 1).fill('right')]),
    '',
    `dead letters: ${status.deadLetters.total} total, ${status.deadLetters.unreplayed} not replayed`,
    `monitoring:   sentry ${status.monitoring.sentry}`,
    `cost:         ${status.cost.documentsRead} document reads`,
    '',
    'success = ok / (ok + dead); retry ok = succeeded after a retry / (that + dead after a ' +
      'retry); p95 = upper bound of its duration bucket',
  ].join('\n');
}

/** The fields of a dead letter the listing shows. */
export interface DeadLetterRow {
  id: string;
  type: string;
  queue: string;
  attempts: number;
  failedAt: Date | null;
  errorCode: string;
  errorMessage: string;
  replayTaskId: string | null;
}

export function deadLettersView(letters: DeadLetterRow[]): string {
  if (letters.length === 0) return 'no dead letters';
  const rows = letters.map((letter) => [
    letter.id,
    letter.type,
    letter.queue,
    String(letter.attempts),
    letter.failedAt?.toISOString().replace(/\.\d{3}Z$/, 'Z') ?? '-',
    truncate(`${letter.errorCode}: ${letter.errorMessage}`, 70),
    letter.replayTaskId ? `→ ${letter.replayTaskId}` : '-',
  ]);
  const headers = ['id', 'type', 'queue', 'attempts', 'failedAt', 'error', 'replayed'];
  const align = ['left', 'left', 'left', 'right', 'left', 'left', 'left'] as const;
  return `${renderTable(headers, rows, [...align])}\n\n${letters.length} shown, newest first`;
}

export function replayLine(result: ReplayResult): string {
  return result.alreadyReplayed
    ? `${result.deadTaskId} was already replayed as ${result.replayTaskId} (${result.queue})`
    : `${result.deadTaskId} replayed as ${result.replayTaskId} on ${result.queue}`;
}
