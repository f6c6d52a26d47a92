// The HTML report: a pure renderer (render.ts) and the lazily loaded chart drawer (vega.ts).
export type * from './model.js';
export { renderHtmlReport } from './render.js';
export { usersData } from './users-data.js';
export { loadChartRenderer, type ChartRenderer } from './vega.js';
