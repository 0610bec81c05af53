/**
 * JSON bodies and schema checks of storage-api's non-upload routes. Fastify parses
 * `application/json` (1 MiB body limit), hands `text/plain` over as a string and, through
 * storage-api's catch-all parser, leaves any other content type unparsed; the route's JSON schema
 * then rejects what is not an object with ajv's words ("body must be object",
 * "body must have required property 'expiresIn'"), coercing numeric strings like ajv's
 * `coerceTypes`. Errors are InvalidRequest in storage's shape.
 */
import type { IncomingMessage } from 'node:http';
import { BodyTooLargeError, header, readBody } from '../http.ts';
import { ERRORS } from './errors.ts';

/** Fastify's default bodyLimit. */
export const JSON_BODY_LIMIT = 1024 * 1024;

/** Reads and parses a request body the way Fastify's parsers would; never throws a non-storage error. */
export async function readRouteBody(
  req: IncomingMessage,
  options: { allowEmptyJson?: boolean } = {},
): Promise<unknown> {
  const contentType = (header(req, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const isJson = contentType === 'application/json' || /^application\/[^/]*\+json$/.test(contentType);
  if (!isJson && contentType !== 'text/plain') {
    req.resume();
    return undefined;
  }
  let buffer: Buffer;
  try {
    buffer = await readBody(req, JSON_BODY_LIMIT);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw ERRORS.bodyTooLarge();
    throw ERRORS.invalidRequest('Request body could not be read');
  }
  const text = buffer.toString('utf8');
  if (!isJson) return text;
  if (text.length === 0) {
    if (options.allowEmptyJson) return null;
    throw ERRORS.validation("Body cannot be empty when content-type is set to 'application/json'");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw ERRORS.invalidJsonBody();
  }
}

/** A validated JSON object, for reading fields with ajv-like checks. */
export type Fields = { readonly where: string; readonly value: Record<string, unknown> };

export function expectObject(value: unknown, where = 'body'): Fields {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw ERRORS.validation(`${where} must be object`);
  return { where, value: value as Record<string, unknown> };
}

function hasField(fields: Fields, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(fields.value, name) && fields.value[name] !== undefined;
}

function requireField(fields: Fields, name: string): unknown {
  if (!hasField(fields, name)) throw ERRORS.validation(`${fields.where} must have required property '${name}'`);
  return fields.value[name];
}

export function readString(fields: Fields, name: string, isRequired: true): string;
export function readString(fields: Fields, name: string, isRequired?: false): string | undefined;
export function readString(fields: Fields, name: string, isRequired = false): string | undefined {
  const value = isRequired ? requireField(fields, name) : fields.value[name];
  if (value === undefined) return undefined;
  // ajv coerceTypes turns numbers and booleans into strings for string-typed fields.
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') throw ERRORS.validation(`${fields.where}/${name} must be string`);
  return value;
}

export function readInteger(
  fields: Fields,
  name: string,
  options: { isRequired?: boolean; minimum?: number } = {},
): number | undefined {
  const raw = options.isRequired ? requireField(fields, name) : fields.value[name];
  if (raw === undefined) return undefined;
  const value = typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw ERRORS.validation(`${fields.where}/${name} must be integer`);
  }
  if (options.minimum !== undefined && value < options.minimum) {
    throw ERRORS.validation(`${fields.where}/${name} must be >= ${options.minimum}`);
  }
  return value;
}

export function readBoolean(fields: Fields, name: string): boolean | undefined {
  const value = fields.value[name];
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (typeof value !== 'boolean') throw ERRORS.validation(`${fields.where}/${name} must be boolean`);
  return value;
}

export function readStringArray(
  fields: Fields,
  name: string,
  options: { isRequired?: boolean; minItems?: number; maxItems?: number; isNullable?: boolean } = {},
): string[] | null | undefined {
  const value = options.isRequired ? requireField(fields, name) : fields.value[name];
  if (value === undefined) return undefined;
  if (value === null && options.isNullable) return null;
  if (!Array.isArray(value)) throw ERRORS.validation(`${fields.where}/${name} must be array`);
  value.forEach((item, index) => {
    if (typeof item !== 'string') throw ERRORS.validation(`${fields.where}/${name}/${index} must be string`);
  });
  if (options.minItems !== undefined && value.length < options.minItems) {
    throw ERRORS.validation(`${fields.where}/${name} must NOT have fewer than ${options.minItems} items`);
  }
  if (options.maxItems !== undefined && value.length > options.maxItems) {
    throw ERRORS.validation(`${fields.where}/${name} must NOT have more than ${options.maxItems} items`);
  }
  return value as string[];
}

export function readEnum<T extends string>(fields: Fields, name: string, allowed: readonly T[]): T | undefined {
  const value = fields.value[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw ERRORS.validation(`${fields.where}/${name} must be equal to one of the allowed values`);
  }
  return value as T;
}

/** Optional nested object field (e.g. list's `sortBy`). */
export function readObject(fields: Fields, name: string): Fields | undefined {
  const value = fields.value[name];
  if (value === undefined) return undefined;
  return expectObject(value, `${fields.where}/${name}`);
}

/** bucket `file_size_limit`: non-negative integer, "<n>(GB|MB|KB|B)" string, or null. */
export function readFileSizeLimit(fields: Fields): number | string | null | undefined {
  const value = fields.value['file_size_limit'];
  if (value === undefined || value === null) return value;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^[0-9]+(?:\.[0-9]+)?(?:[gG][bB]|[mM][bB]|[kK][bB]|[bB])$/.test(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  throw ERRORS.validation(`${fields.where}/file_size_limit must match a schema in anyOf`);
}
