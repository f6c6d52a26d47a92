/**
 * The official Looker API 4.0 OpenAPI spec as a test oracle, for the fake server's responses and the client's
 * requests alike.
 *
 * The spec is vendored under test/fixtures/looker-api/ (its source and licence are in the README there), so every
 * clone runs these checks.
 *
 * Usage:
 *   const op = findOperation('GET', '/api/4.0/users/12');      // -> { operationId: 'user', template: '/users/{user_id}', ... }
 *   validateResponse('GET', '/api/4.0/users', 200, body);      // -> [] or ['/0/email: must be string,null', ...]
 *   undeclaredQueryParams('GET', '/api/4.0/users', { limit: '5', colour: 'red' }); // -> ['colour']
 *   checkRequest('GET', '/api/4.0/users?limit=5&colour=red');  // -> ['GET /api/4.0/users: undeclared query parameter "colour"']
 *
 * OpenAPI 3.0 specifics handled: `$ref` into `#/components/...`, `nullable` (Ajv's OpenAPI keyword), formats
 * such as `int64`/`uri-reference` not asserted (the spec uses them as annotations), `x-looker-*` extensions
 * ignored (`strict: false`).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

const SPEC_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/looker-api/Looker.4.0.oas.json');

const API_PREFIX = '/api/4.0';

type Json = Record<string, unknown>;
export interface OasParameter {
  readonly name: string;
  readonly in: 'query' | 'path' | 'header' | 'cookie';
  readonly required?: boolean;
  readonly deprecated?: boolean;
  readonly schema?: Json;
}
export interface OasOperation {
  readonly operationId: string;
  readonly parameters?: readonly OasParameter[];
  readonly responses: Readonly<Record<string, { content?: Record<string, { schema?: Json }> }>>;
  readonly requestBody?: { content?: Record<string, { schema?: Json }> };
}
export interface OasDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, OasOperation>>>>;
  readonly components: Json;
}
export interface OperationMatch {
  readonly method: string;
  /** The spec's path template, relative to /api/4.0, e.g. '/users/{user_id}'. */
  readonly template: string;
  readonly operationId: string;
  readonly operation: OasOperation;
  readonly pathParams: Readonly<Record<string, string>>;
}

let spec: OasDocument | undefined;
/** The parsed spec (read once). */
export function loadSpec(): OasDocument {
  spec ??= JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as OasDocument;
  return spec;
}

/** Strips the query and the /api/4.0 prefix: the spec's paths are relative to it. */
function specPath(path: string): string {
  const bare = path.split('?')[0] ?? '';
  return bare.startsWith(`${API_PREFIX}/`) ? bare.slice(API_PREFIX.length) : bare;
}

/**
 * The operation serving (method, concrete path). Literal segments beat parameters, earliest first, so
 * `/users/search` is `search_users`, not `user` with user_id 'search'.
 */
export function findOperation(method: string, path: string): OperationMatch | undefined {
  const segments = specPath(path).split('/');
  const verb = method.toLowerCase();
  let best: { match: OperationMatch; score: string } | undefined;
  for (const [template, item] of Object.entries(loadSpec().paths)) {
    const operation = item[verb];
    const parts = template.split('/');
    if (!operation || parts.length !== segments.length) continue;
    const pathParams: Record<string, string> = {};
    let score = '';
    let ok = true;
    for (const [i, part] of parts.entries()) {
      const segment = segments[i] as string;
      const param = /^\{(.+)\}$/.exec(part);
      if (param) {
        pathParams[param[1] as string] = decodeURIComponent(segment);
        score += '0';
      } else if (part === segment) {
        score += '1';
      } else {
        ok = false;
        break;
      }
    }
    if (ok && (!best || score > best.score))
      best = {
        match: { method: method.toUpperCase(), template, operationId: operation.operationId, operation, pathParams },
        score,
      };
  }
  return best?.match;
}

/** Closes every object schema that lists its properties, so undeclared fields fail (spec objects are open by default). */
function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node))
    out[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, closeObjects(v)]))
        : closeObjects(value);
  if ('properties' in out && !('additionalProperties' in out)) out.additionalProperties = false;
  return out;
}

/**
 * The spec writes "no constraint" as `type: any` (e.g. Query.vis_config, LookmlModelExploreField.enumerations
 * values), which is not JSON Schema: Ajv refuses to compile it. Dropped, it means what the spec meant.
 */
function dropAnyTypes(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(dropAnyTypes);
  if (node === null || typeof node !== 'object') return node;
  const any = (node as Json).type === 'any';
  return Object.fromEntries(
    Object.entries(node)
      // `nullable` and `format: any` say nothing once the type is gone (and Ajv refuses nullable without a type).
      .filter(([key]) => !(any && (key === 'type' || key === 'nullable' || key === 'format')))
      .map(([key, value]) => [key, dropAnyTypes(value)]),
  );
}

const validators = new Map<string, ValidateFunction>();
const ajvs = new Map<boolean, Ajv>();
function ajvFor(closed: boolean): Ajv {
  let ajv = ajvs.get(closed);
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    // Registered under its own id so '#/components/...' refs resolve inside it (rewritten below).
    const components = dropAnyTypes(closed ? closeObjects(loadSpec().components) : loadSpec().components);
    ajv.addSchema({ components }, 'looker-oas');
    ajvs.set(closed, ajv);
  }
  return ajv;
}

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `looker-oas${v}` : rewriteRefs(v),
    ]),
  );
}

export interface ValidateOptions {
  /** Also fail on properties the schema does not declare (default false: the spec's objects are open). */
  readonly closed?: boolean;
}

/**
 * Validates a response body against the operation's schema for that status (or `default`). Returns the errors
 * as `instancePath: message` lines, [] when valid. Throws when the spec has no such operation or status, or
 * declares no JSON body for it while one was given.
 */
export function validateResponse(
  method: string,
  path: string,
  status: number,
  body: unknown,
  options: ValidateOptions = {},
): string[] {
  const op = findOperation(method, path);
  if (!op) throw new Error(`the spec has no operation for ${method} ${path}`);
  const response = op.operation.responses[String(status)] ?? op.operation.responses.default;
  if (!response) throw new Error(`${op.operationId} declares no ${status} response`);
  // A 204 has no body by definition (RFC 9110), whatever content the spec declares for it (logout: string).
  if (status === 204 && (body === undefined || body === '')) return [];
  const schema = response.content?.['application/json']?.schema;
  if (schema === undefined) {
    if (body === undefined || body === '') return [];
    throw new Error(`${op.operationId} ${status} declares no JSON body`);
  }
  return check(`${op.operationId} ${status}`, schema, body, options);
}

/** Validates `value` against `schema` (compiled once per key), as `instancePath: message` lines. */
function check(key: string, schema: Json, value: unknown, options: ValidateOptions): string[] {
  const cacheKey = `${key} ${options.closed === true}`;
  let validate = validators.get(cacheKey);
  if (!validate) {
    validate = ajvFor(options.closed === true).compile(rewriteRefs(schema) as Json);
    validators.set(cacheKey, validate);
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    (e: ErrorObject) =>
      `${e.instancePath || '/'}: ${e.message ?? e.keyword}${e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : ''}`,
  );
}

/** Validates a value against a named schema of `components.schemas` (e.g. 'Error' for an undeclared 401). */
export function validateComponent(name: string, value: unknown, options: ValidateOptions = {}): string[] {
  if (!(loadSpec().components.schemas as Json | undefined)?.[name]) throw new Error(`the spec has no schema ${name}`);
  const key = `#${name} ${options.closed === true}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajvFor(options.closed === true).compile({ $ref: `looker-oas#/components/schemas/${name}` });
    validators.set(key, validate);
  }
  return validate(value)
    ? []
    : (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`);
}

/** Query parameter names the operation does not declare (e.g. a typo, or a param only the fake knows). */
export function undeclaredQueryParams(
  method: string,
  path: string,
  query: Readonly<Record<string, unknown>> | URLSearchParams | readonly string[],
): string[] {
  const op = findOperation(method, path);
  if (!op) throw new Error(`the spec has no operation for ${method} ${path}`);
  const declared = new Set((op.operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
  const names = Array.isArray(query)
    ? query
    : query instanceof URLSearchParams
      ? [...query.keys()]
      : Object.keys(query);
  return [...new Set(names as string[])].filter((name) => !declared.has(name));
}

/** The base path of every operation: the spec's `servers[0].url` path (https://localhost:20000/api/4.0). */
export function specBasePath(): string {
  const servers = (loadSpec() as unknown as { servers?: { url: string }[] }).servers ?? [];
  return servers[0] ? new URL(servers[0].url).pathname.replace(/\/$/, '') : API_PREFIX;
}

/**
 * What is wrong with a request as the spec sees it: a path outside the servers base, no operation for
 * (method, path), or query parameters the operation does not declare. [] when the spec declares it all.
 * `path` is concrete and may carry a query (`/api/4.0/users/12?fields=id`); its names join `queryNames`.
 */
export function checkRequest(
  method: string,
  path: string,
  queryNames: readonly string[] | Readonly<Record<string, unknown>> = [],
): string[] {
  const [bare = '', search = ''] = path.split('?');
  const base = specBasePath();
  const where = `${method.toUpperCase()} ${bare}`;
  if (!bare.startsWith(`${base}/`)) return [`${where}: outside the API base ${base}`];
  if (!findOperation(method, bare)) return [`${where}: the spec has no such operation`];
  const names = [
    ...(Array.isArray(queryNames) ? queryNames : Object.keys(queryNames)),
    ...new URLSearchParams(search).keys(),
  ];
  return undeclaredQueryParams(method, bare, names).map((name) => `${where}: undeclared query parameter "${name}"`);
}

/**
 * Validates a JSON request body against the operation's `requestBody` schema. Read-only properties are allowed
 * by the schema (the spec marks e.g. `GroupIdForGroupUserInclusion.user_id` read-only although it is the body's
 * only field), so a test that must prove a client sends only certain keys checks the keys itself.
 */
export function validateRequestBody(
  method: string,
  path: string,
  body: unknown,
  options: ValidateOptions = {},
): string[] {
  const op = findOperation(method, path);
  if (!op) throw new Error(`the spec has no operation for ${method} ${path}`);
  const schema = op.operation.requestBody?.content?.['application/json']?.schema;
  if (schema === undefined) throw new Error(`${op.operationId} declares no JSON request body`);
  return check(`${op.operationId} request`, schema, body, options);
}
