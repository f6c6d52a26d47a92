/**
 * The HTML report of an audit run, whichever command writes it: `users` and `summary` (-f html), `rightsize`
 * (-f html) and `report`, each with its own sections. The HTML and chart code (vega) is loaded here, only when an
 * HTML report is written.
 */
import { summarise, type AuditReport, type HistoryPoint } from '../../audit/index.js';
import type { LookerFlagsInput } from '../../audit/looker-flags.js';
import type { AuditConfig } from '../../config/types.js';
import type { HtmlRightsize, HtmlSection } from '../../report/index.js';

export interface HtmlInput {
  readonly report: AuditReport;
  readonly config: AuditConfig;
  readonly now: Date;
  /** The inactivity window; else the config's. */
  readonly inactiveDays: number | undefined;
  /** Seats per tier over time, from `--history`. */
  readonly history: readonly HistoryPoint[] | undefined;
  /** `users` filtered by flags: what the users table says it shows. */
  readonly usersNote: string | undefined;
  /** Looker's own flags per account, when read: the summary shows Looker's count beside its own. */
  readonly lookerFlags?: ReadonlyMap<string, LookerFlagsInput>;
}

/** The HTML report of these sections. */
export async function renderHtml(
  input: HtmlInput,
  sections: HtmlSection[],
  rightsize?: HtmlRightsize,
): Promise<string> {
  const { loadChartRenderer, renderHtmlReport } = await import('../../report/html/index.js');
  const summary = summarise(input.report, {
    prices: input.config.prices,
    currency: input.config.currency,
    inactiveDays: input.inactiveDays ?? input.config.inactiveDays,
    now: input.now,
    ...(input.lookerFlags === undefined ? {} : { lookerFlags: input.lookerFlags }),
  });
  return renderHtmlReport(
    {
      report: input.report,
      summary,
      sections,
      ...(input.config.prices === undefined ? {} : { prices: input.config.prices }),
      ...(input.history === undefined ? {} : { history: input.history }),
      ...(rightsize === undefined ? {} : { rightsize }),
      ...(input.usersNote === undefined ? {} : { usersNote: input.usersNote }),
    },
    await loadChartRenderer(),
  );
}
