// The HTML report: a pure renderer (render.ts) and the lazily loaded chart drawer (vega.ts).
export { chartsFor, TIER_COLOURS, type Chart, type ChartSpec } from './charts.js';
export { html, jsonForScript } from './escape.js';
export type * from './model.js';
export { CSP, renderHtmlReport } from './render.js';
export { usersData, type UsersData } from './users-data.js';
export { loadChartRenderer, withTitles, type ChartRenderer } from './vega.js';
