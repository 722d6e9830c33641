/** Time source passed to processors so tests can pin "now". */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** `2026-12-03` for the UTC day of `date`: the key of daily analytics counters. */
export function utcDayKey(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `2026120313` for the UTC hour of `date`: the window key of queue statistics. */
export function utcHourKey(date: Date): string {
  return date.toISOString().slice(0, 13).replace(/[-T]/g, '');
}
