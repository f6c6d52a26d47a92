/** Request bodies as Looker takes them: a form (login, per the spec) or a JSON object (the write endpoints). */
import type { IncomingMessage } from 'node:http';

export interface Body {
  readonly fields: Record<string, string>;
  readonly invalid: boolean;
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
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return { fields: {}, invalid: true };
    return {
      fields: Object.fromEntries(
        Object.entries(data).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      ),
      invalid: false,
    };
  } catch {
    return { fields: {}, invalid: true };
  }
}
