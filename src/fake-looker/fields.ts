/**
 * Looker's `fields` selection: a comma list with parenthesised sub-selections,
 * e.g. `id,email,credentials_email(email,logged_in_at)` (docs/looker-api.md, Fields selection).
 */
export type FieldTree = Map<string, FieldTree | null>;

export function parseFields(spec: string): FieldTree {
  let pos = 0;
  const parseList = (): FieldTree => {
    const tree: FieldTree = new Map();
    while (pos < spec.length) {
      let name = '';
      while (pos < spec.length && !',()'.includes(spec[pos] as string)) name += spec[pos++];
      name = name.trim();
      let sub: FieldTree | null = null;
      if (spec[pos] === '(') {
        pos++;
        sub = parseList();
        pos++; // ')'
      }
      if (name !== '') tree.set(name, sub);
      if (spec[pos] === ',') pos++;
      else if (spec[pos] === ')') return tree;
    }
    return tree;
  };
  return parseList();
}

export function selectFields(value: unknown, tree: FieldTree | null): unknown {
  if (tree === null || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => selectFields(item, tree));
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, sub] of tree) {
    if (name in record) out[name] = selectFields(record[name], sub);
  }
  return out;
}
