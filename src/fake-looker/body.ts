/**
 * Request bodies as Looker takes them: a form (login, per the spec) or JSON: an object (most write endpoints) or,
 * for set_user_roles, an array of role ids. `fields` flattens an object to strings; `json` is the value as sent.
 */
import type { IncomingMessage } from 'node:http';

export interface Body {
  readonly fields: Record<string, string>;
  readonly invalid: boolean;
  /** The parsed JSON body (an object or an array); undefined for a form or no body. */
  readonly json?: unknown;
}

export async function readBody(req: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return { fields: {}, invalid: false };
  if (!String(req.headers['content-type'] ?? '').includes('json'))
    return { fields: Object.fromEntries(new URLSearchParams(text)), invalid: false };
  try {
    const data = JSON.parse(text) as unknown;
    if (Array.isArray(data)) return { fields: {}, invalid: false, json: data };
    if (data === null || typeof data !== 'object') return { fields: {}, invalid: true };
    return {
      json: data,
      fields: Object.fromEntries(
        Object.entries(data).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      ),
      invalid: false,
    };
  } catch {
    return { fields: {}, invalid: true };
  }
}
