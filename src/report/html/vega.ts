/**
 * Draws a Vega-Lite spec as SVG in Node. vega and vega-lite are ESM-only (`require('vega')` fails on Node 20 with
 * ERR_REQUIRE_ASYNC_MODULE) and cost 300-500 ms to load, so they are imported here, when a report is drawn, and
 * never at start-up or for `--help`. No `canvas` package: vega then estimates text widths, which is enough here.
 *
 * Vega's SVG has each mark's data in `aria-label`; a `<title>` with the same text is added to each mark so a
 * pointer shows it as a tooltip with scripts off. Warnings from the compiler are collected: the tests fail on them.
 */
import type { ChartSpec } from './charts.js';

export type ChartRenderer = (spec: ChartSpec) => Promise<string>;

export interface ChartRendererOptions {
  /** Called with each compiler warning (a spec mistake). Default: ignored. */
  readonly onWarning?: (message: string) => void;
}

export async function loadChartRenderer(options: ChartRendererOptions = {}): Promise<ChartRenderer> {
  // One after the other: jest's ESM loader fails on two concurrent imports that share a dependency (vega-util).
  const vl = await import('vega-lite');
  const vega = await import('vega');
  const warn = options.onWarning ?? (() => {});
  const logger = {
    level() {
      return logger;
    },
    error(...args: readonly unknown[]): never {
      throw new Error(`chart: ${args.map(String).join(' ')}`);
    },
    warn(...args: readonly unknown[]) {
      warn(args.map(String).join(' '));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return async (spec) => {
    const compiled = vl.compile(spec as unknown as Parameters<typeof vl.compile>[0], {
      logger: logger as unknown as NonNullable<Parameters<typeof vl.compile>[1]>['logger'],
    }).spec;
    // No loader is used: every spec carries its data inline, so vega never reads a file or a URL.
    const view = new vega.View(vega.parse(compiled), {
      renderer: 'none',
      logger: logger as unknown as NonNullable<ConstructorParameters<typeof vega.View>[1]>['logger'],
    });
    try {
      return withTitles(await view.toSVG());
    } finally {
      view.finalize();
    }
  };
}

/** `<path aria-label="X" role="graphics-symbol" .../>` -> the same path holding `<title>X</title>` (already escaped). */
export function withTitles(svg: string): string {
  return svg.replace(
    /<(path|text|rect|line|circle)( aria-label="([^"]*)" role="graphics-symbol"[^>]*?)(\/>|>)/g,
    (_m, tag: string, attrs: string, label: string, end: string) =>
      end === '/>' ? `<${tag}${attrs}><title>${label}</title></${tag}>` : `<${tag}${attrs}><title>${label}</title>`,
  );
}
