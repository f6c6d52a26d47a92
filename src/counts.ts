/**
 * How counts read in text. Reports group digits (`20,000 users`); messages and evidence print the number as it is,
 * so a count there reads the same in every format.
 */

/** `20000` -> `20,000`. */
export function grouped(n: number): string {
  return n.toLocaleString('en-US');
}

/** `1 user`, `3 users`: a count and its noun. */
export function plural(
  n: number,
  one: string,
  { many = `${one}s`, show = String }: { readonly many?: string; readonly show?: (n: number) => string } = {},
): string {
  return `${show(n)} ${n === 1 ? one : many}`;
}
