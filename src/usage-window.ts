/**
 * How far back usage can be judged. System Activity's History explore keeps 90 days of queries
 * (https://cloud.google.com/looker/docs/usage-reports-with-system-activity-explores), so a longer window would
 * read missing history as "no use" and recommend lowering seats that are in use. Right-sizing (`usage_days`,
 * `--usage-days`) and the idle-developer check (`max_idle_developer_days`, `--max-idle-developer-days`) share
 * this limit, and both default to the whole of it.
 */
export const MAX_USAGE_DAYS = 90;

/** Why a longer window is refused, for error messages: `must be ${USAGE_DAYS_LIMIT}`. */
export const USAGE_DAYS_LIMIT = `at most ${MAX_USAGE_DAYS} days (System Activity keeps ${MAX_USAGE_DAYS} days of history)`;
