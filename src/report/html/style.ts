/** The page's one stylesheet. Light by default, dark when the system asks; readable from 360 px wide up. */
import { TIER_COLOURS } from './charts.js';

export const PAGE_STYLE = `
:root { --fg: #1f2328; --muted: #59636e; --line: #d8dee4; --bg: #ffffff; --card: #f6f8fa; --bad: #b3261e;
  color-scheme: light; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: var(--fg); background: var(--bg); }
button, input, select { font: inherit; }
header, main, footer { max-width: 1180px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 24px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.2rem; margin: 32px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 0 0 4px; }
h3.sub { margin-top: 20px; }
.meta, .muted, figcaption, .note, .noseat { color: var(--muted); }
.meta { margin: 0; }
.flag { white-space: nowrap; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card .label { color: var(--muted); font-size: 0.85rem; }
.card .value { font-size: 1.7rem; font-weight: 600; font-variant-numeric: tabular-nums; line-height: 1.2; }
.card .detail { font-size: 0.85rem; color: var(--muted); }
.card.bad { border-color: var(--bad); }
.card.bad .value { color: var(--bad); }
.alert { border: 1px solid var(--bad); border-left-width: 4px; border-radius: 6px; padding: 10px 14px; margin: 16px 0;
  background: #fdf3f2; }
.alert p { margin: 2px 0; overflow-wrap: anywhere; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 540px), 1fr)); gap: 16px;
  margin-top: 16px; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 12px; overflow: hidden; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 0.85rem; margin-top: 6px; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; white-space: nowrap; background: var(--card); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.bad { color: var(--bad); }
th button { all: unset; cursor: pointer; }
th button::after { content: " \\2195"; color: var(--muted); font-weight: normal; }
th[aria-sort="ascending"] button::after { content: " \\2191"; color: var(--fg); }
th[aria-sort="descending"] button::after { content: " \\2193"; color: var(--fg); }
th button:focus-visible { outline: 2px solid #2f6db5; outline-offset: 2px; }
.user .name { display: block; font-weight: 500; overflow-wrap: anywhere; }
.user .email { display: block; color: var(--muted); font-size: 0.85rem; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 0.8rem; color: #fff;
  white-space: nowrap; }
${Object.entries(TIER_COLOURS)
  .map(([tier, colour]) => `.t-${tier} { background: ${colour}; }`)
  .join('\n')}
.t-none { color: #1f2328; background: #e4e7ea; }
td.rec { color: var(--bad); white-space: nowrap; }
table.recommendations td.user { min-width: 15rem; }
button.why { border: 0; background: none; padding: 0; color: #2f6db5; cursor: pointer; }
button.why::before { content: "\\25B8  "; }
button.why[aria-expanded="true"]::before { content: "\\25BE  "; }
button.why:focus-visible { outline: 2px solid #2f6db5; outline-offset: 2px; }
tr.detail td { background: var(--card); }
/* Held at the left edge of the scrolling table, as wide as the screen: readable wherever the table is scrolled. */
.detail-body { position: sticky; left: 8px; max-width: min(90ch, calc(100vw - 48px)); }
tr.detail p { margin: 2px 0; overflow-wrap: anywhere; }
.controls { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: end; margin-bottom: 10px; }
.controls label { display: flex; flex-direction: column; font-size: 0.85rem; color: var(--muted); }
.controls input, .controls select { padding: 5px 8px; border: 1px solid var(--line); border-radius: 6px;
  background: var(--bg); color: var(--fg); min-width: 10rem; }
.controls input { width: 18rem; max-width: 100%; }
#users-count { font-weight: 600; }
.pager { display: flex; gap: 10px; align-items: center; margin: 10px 0; flex-wrap: wrap; }
.pager button { padding: 4px 12px; border: 1px solid var(--line); border-radius: 6px; background: var(--card);
  color: var(--fg); cursor: pointer; }
.pager button:disabled { opacity: 0.45; cursor: default; }
html:not(.js) .needs-js, .js .no-js { display: none; }
footer { margin-top: 40px; padding-bottom: 32px; border-top: 1px solid var(--line); color: var(--muted);
  font-size: 0.85rem; }
footer p { margin: 8px 0 0; overflow-wrap: anywhere; }
@media (max-width: 600px) {
  header, main, footer { padding: 0 12px; }
  header { padding-top: 16px; }
  .card .value { font-size: 1.4rem; }
  figure { padding: 8px 4px; }
  .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  th, td { padding: 5px 6px; }
  /* A phone shows who, which tier and when; the kind is in the filter and rarely differs. */
  #users-table .kind { display: none; }
  #users-table td.user { min-width: 13rem; }
  /* Each recommended seat a block on a phone: who, the tier and its recommendation, the saving, then the evidence. */
  table.recommendations thead { display: none; }
  table.recommendations tr { display: block; padding: 6px 0; border-bottom: 1px solid var(--line); }
  table.recommendations td { display: block; border: 0; padding: 1px 6px; text-align: left; min-width: 0; }
  table.recommendations td.tier, table.recommendations td.rec, table.recommendations td.saving { display: inline-block; }
  table.recommendations td[data-label]::before { content: attr(data-label) " "; color: var(--muted); }
  /* Each seat Looker counts otherwise a block too: who, both tiers side by side, then both reasons, labelled. */
  table.looker-disagreements thead { display: none; }
  table.looker-disagreements tr { display: block; padding: 6px 0; border-bottom: 1px solid var(--line); }
  table.looker-disagreements td { display: block; border: 0; padding: 1px 6px; min-width: 0; }
  table.looker-disagreements td.tier { display: inline-block; }
  table.looker-disagreements td[data-label]::before { content: attr(data-label) " "; color: var(--muted); }
}
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --bg: #0d1117; --card: #161b22; --bad: #f47067;
    color-scheme: dark; }
  .alert { background: #2d1615; }
  figure { background: #f6f8fa; color: #1f2328; }
  figure figcaption { color: #59636e; }
}
`;
