/**
 * Day arithmetic in UTC, where every day has 24 hours: inactivity windows, usage windows and the sample
 * instance's activity dates all count days this way, so they agree with one another on where a day starts.
 */
export const DAY_MS = 86_400_000;

/** The instant `days` days before `ms` (both in milliseconds since the epoch). */
export function daysBefore(ms: number, days: number): number {
  return ms - days * DAY_MS;
}

/** `YYYY-MM-DD` of an instant, in UTC. */
export function isoDay(instant: number | Date): string {
  return new Date(instant).toISOString().slice(0, 10);
}
