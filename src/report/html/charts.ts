/**
 * The charts of the HTML report (seats per tier per account, the inactive seats' cost, seats over time) as
 * Vega-Lite specs: plain data, no I/O. vega.ts compiles and draws them.
 *
 * Vega-Lite quirks met (and why the specs look as they do):
 * - categories are sorted alphabetically unless `sort: null`: accounts keep the report's order, tiers their rank;
 * - a zero-length bar is still a mark: rows with 0 are left out, so the marks on the page equal the data;
 * - vega escapes `& < >` in its SVG but keeps control characters: account names are sanitised here first;
 * - `formatType: 'utc'` is dropped with a warning: the trend uses `timeUnit: 'utcyearmonthdate'` and puts the axis
 *   values on the snapshot dates (else ticks fall on weeks).
 */
import { GRANTING_TIERS, TIERS } from '../../vocabulary.js';
import { sanitize } from '../../sanitize.js';
import type { Tier } from '../../vocabulary.js';
import { recommendationLabel, type HistoryPoint, type HtmlReportInput, type RecommendationTo } from './model.js';

export type ChartSpec = Record<string, unknown>;

export interface Chart {
  readonly id: string;
  readonly title: string;
  /** One sentence under the chart: what it counts. */
  readonly caption: string;
  readonly spec: ChartSpec;
}

/** Colour per tier, the same in every chart and in the table's badges (style.ts). */
export const TIER_COLOURS: Record<Tier, string> = {
  developer: '#b4531a',
  standard: '#2f6db5',
  viewer: '#3d8b4f',
  none: '#9aa0a6',
};
const RECOMMENDATION_COLOURS: Record<RecommendationTo, string> = {
  reclaim: '#b3261e',
  viewer: TIER_COLOURS.viewer,
  standard: TIER_COLOURS.standard,
  developer: TIER_COLOURS.developer,
};
/** The legend's order is the colours' (a complete Record, so a new kind cannot be left out of the chart). */
const RECOMMENDATION_ORDER = Object.keys(RECOMMENDATION_COLOURS) as RecommendationTo[];

// Drawn at the size a figure shows it in a two-column layout at 1280 px, so its text is never scaled down there.
const WIDTH = 400;
const FAILED_TEXT = 'could not be audited';

const base = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  width: WIDTH,
  background: 'transparent',
  config: {
    font: 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif',
    axis: { labelFontSize: 12, titleFontSize: 12, labelLimit: 180, titleFontWeight: 'normal', titleColor: '#555' },
    legend: { labelFontSize: 12, titleFontSize: 12, orient: 'top', titleFontWeight: 'normal', titleColor: '#555' },
    view: { stroke: null },
  },
};

const tierColour = (title: string, tiers: readonly Tier[] = TIERS) => ({
  field: 'tier',
  type: 'nominal',
  title,
  sort: null,
  scale: { domain: [...tiers], range: tiers.map((t) => TIER_COLOURS[t]) },
});

/**
 * Horizontal stacked bars, one row per account (every account, in the report's order, so a failed one keeps its
 * row and says so instead of looking like zero).
 */
function barsPerAccount(
  rows: readonly Record<string, string | number>[],
  accounts: readonly string[],
  failed: readonly string[],
  x: { field: string; title: string; format?: string },
  colour: Record<string, unknown>,
): ChartSpec {
  const y = {
    field: 'account',
    type: 'nominal',
    title: null,
    sort: null,
    scale: { domain: [...accounts] },
  };
  const layers: ChartSpec[] = [
    {
      data: { values: rows },
      mark: { type: 'bar' },
      encoding: {
        y,
        x: { field: x.field, type: 'quantitative', title: x.title, stack: 'zero', axis: { format: x.format ?? 'd' } },
        color: colour,
        tooltip: [
          { field: 'account', type: 'nominal' },
          { field: colour.field as string, type: 'nominal' },
          { field: x.field, type: 'quantitative', format: x.format ?? 'd' },
        ],
      },
    },
  ];
  if (failed.length > 0) {
    layers.push({
      data: { values: failed.map((account) => ({ account })) },
      mark: { type: 'text', align: 'left', dx: 4, color: '#b3261e', fontStyle: 'italic' },
      encoding: { y, x: { datum: 0, type: 'quantitative' }, text: { value: FAILED_TEXT } },
    });
  }
  return { ...base, height: { step: 30 }, layer: layers };
}

function seatsChart(input: HtmlReportInput): Chart {
  const accounts = input.report.accounts;
  const rows = accounts.flatMap((a) =>
    a.error !== null
      ? []
      : TIERS.filter((t) => t !== 'none' && a.seats[t] > 0).map((tier) => ({
          account: sanitize(a.name),
          tier,
          seats: a.seats[tier],
        })),
  );
  return {
    id: 'chart-seats',
    title: 'Seats per tier and account',
    caption: 'Seats held by active regular and service users (embed, Looker support and disabled users hold none).',
    spec: barsPerAccount(
      rows,
      accounts.map((a) => sanitize(a.name)),
      accounts.filter((a) => a.error !== null).map((a) => sanitize(a.name)),
      { field: 'seats', title: 'seats' },
      tierColour('tier', GRANTING_TIERS),
    ),
  };
}

/** Inactive seats' yearly cost where prices are known, else their number. Null when no inactivity window is set. */
function inactiveChart(input: HtmlReportInput): Chart | null {
  const { summary } = input;
  const days = summary.inactiveDays;
  if (days === null) return null;
  const prices = input.prices ?? {};
  const priced = summary.totals.cost !== null;
  const rows = summary.accounts.flatMap((a) => {
    if (a.error !== null || a.inactiveSeats === null) return [];
    return TIERS.filter((t) => t !== 'none').flatMap((tier) => {
      const seats = a.inactiveSeats?.[tier] ?? 0;
      const value = priced ? seats * (prices[tier] ?? 0) : seats;
      return value > 0 ? [{ account: sanitize(a.account), tier, value }] : [];
    });
  });
  return {
    id: 'chart-inactive',
    title: priced ? `Yearly cost of seats with no login in ${days} days` : `Seats with no login in ${days} days`,
    caption: priced
      ? 'Per account and tier, at the configured prices per seat and year; never-logged-in seats included.'
      : 'Per account and tier; never-logged-in seats included. Configure prices to see their cost.',
    spec: barsPerAccount(
      rows,
      summary.accounts.map((a) => sanitize(a.account)),
      summary.accounts.filter((a) => a.error !== null).map((a) => sanitize(a.account)),
      priced
        ? { field: 'value', title: `yearly cost (${summary.currency})`, format: ',.0f' }
        : { field: 'value', title: 'seats' },
      tierColour('tier', GRANTING_TIERS),
    ),
  };
}

function recommendationsChart(input: HtmlReportInput): Chart | null {
  const rightsize = input.rightsize;
  if (rightsize === undefined) return null;
  const rows = rightsize.accounts.flatMap((a) =>
    a.error !== null
      ? []
      : RECOMMENDATION_ORDER.flatMap((to) => {
          const n = a.recommendations.filter((r) => r.to === to).length;
          return n > 0
            ? [
                {
                  account: sanitize(a.account),
                  to: recommendationLabel(to),
                  n,
                },
              ]
            : [];
        }),
  );
  // Only the kinds that occur: a legend entry for nothing reads as a zero.
  const present = RECOMMENDATION_ORDER.filter((to) =>
    rightsize.accounts.some((a) => a.recommendations.some((r) => r.to === to)),
  );
  const labels = present.map(recommendationLabel);
  return {
    id: 'chart-recommendations',
    title: 'Right-sizing recommendations per account',
    caption: `Seats to reclaim (no use in ${rightsize.usageDays} days) or move to a lower tier, from System Activity where it could be read.`,
    spec: barsPerAccount(
      rows,
      rightsize.accounts.map((a) => sanitize(a.account)),
      rightsize.accounts.filter((a) => a.error !== null).map((a) => sanitize(a.account)),
      { field: 'n', title: 'seats' },
      {
        field: 'to',
        type: 'nominal',
        title: 'recommendation',
        sort: null,
        scale: { domain: labels, range: present.map((to) => RECOMMENDATION_COLOURS[to]) },
      },
    ),
  };
}

/** Seats per tier over time: one line per tier, one panel per account when there are several. */
function trendChart(input: HtmlReportInput): Chart | null {
  const history = input.history;
  if (history === undefined || history.length === 0) return null;
  const now: HistoryPoint[] = input.report.accounts
    .filter((a) => a.error === null)
    .map((a) => ({ at: input.report.generatedAt, account: sanitize(a.name), seats: a.seats }));
  const points = [...history, ...now];
  const rows = points.flatMap((p) =>
    TIERS.filter((t) => t !== 'none').map((tier) => ({
      at: p.at,
      account: sanitize(p.account),
      tier,
      seats: p.seats[tier],
    })),
  );
  const dates = [...new Set(points.map((p) => p.at))].sort();
  const accounts = [...new Set(points.map((p) => sanitize(p.account)))];
  const encoding: Record<string, unknown> = {
    x: {
      field: 'at',
      type: 'temporal',
      timeUnit: 'utcyearmonthdate',
      title: null,
      axis: { values: dates.map((d) => Date.parse(d)), format: '%Y-%m-%d', labelAngle: dates.length > 6 ? -40 : 0 },
    },
    y: { field: 'seats', type: 'quantitative', title: 'seats', axis: { format: 'd' } },
    color: tierColour('tier', GRANTING_TIERS),
    tooltip: [
      { field: 'account', type: 'nominal' },
      { field: 'at', type: 'temporal', timeUnit: 'utcyearmonthdate', title: 'date' },
      { field: 'tier', type: 'nominal' },
      { field: 'seats', type: 'quantitative' },
    ],
  };
  if (accounts.length > 1) {
    encoding.row = {
      field: 'account',
      type: 'nominal',
      title: null,
      sort: accounts,
      header: { labelOrient: 'top', labelAngle: 0, labelAnchor: 'start', labelFontSize: 12, labelFontWeight: 'bold' },
    };
  }
  return {
    id: 'chart-trend',
    title: 'Seats per tier over time',
    caption: `From ${dates.length - 1} earlier snapshot${dates.length === 2 ? '' : 's'} and this report.`,
    spec: {
      ...base,
      height: accounts.length > 1 ? 120 : 200,
      data: { values: rows },
      mark: { type: 'line', point: true },
      encoding,
    },
  };
}

/** The charts the summary section shows, in order. */
export function chartsFor(input: HtmlReportInput): Chart[] {
  return [seatsChart(input), inactiveChart(input), recommendationsChart(input), trendChart(input)].filter(
    (c): c is Chart => c !== null,
  );
}
