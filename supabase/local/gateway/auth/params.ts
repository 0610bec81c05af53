/**
 * Request-body decoding the way GoTrue does it: `json.Unmarshal` into a Go struct
 * (internal/api/helpers.go#retrieveRequestParams). Unknown keys are ignored, keys match
 * case-insensitively, `null` leaves a field at its zero value, and a value of the wrong JSON type
 * is a 400 `bad_json` whose message names the Go struct field, exactly like Go's decoder:
 *   Could not parse request body as JSON: json: cannot unmarshal number into Go struct field
 *   SignupParams.email of type string
 * Also the small validators GoTrue applies to emails and phone numbers.
 */
import { createBadRequest } from './errors.ts';

/**
 * string: Go `string` ("" when absent); optional-string: Go `*string` (undefined when absent or
 * null); bool: Go `bool`; map: Go `map[string]interface{}` (undefined when absent or null);
 * uuid: Go `uuid.UUID` (nil UUID when absent).
 */
export type FieldKind = 'string' | 'optional-string' | 'bool' | 'map' | 'uuid';
export type FieldSpec = Readonly<Record<string, FieldKind>>;

type ValueOf<K extends FieldKind> = K extends 'string' | 'uuid'
  ? string
  : K extends 'optional-string'
    ? string | undefined
    : K extends 'bool'
      ? boolean
      : Record<string, unknown> | undefined;

export type Decoded<S extends FieldSpec> = { -readonly [K in keyof S]: ValueOf<S[K]> };

export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

const GO_TYPE_NAMES: Record<FieldKind, string> = {
  string: 'string',
  'optional-string': 'string',
  bool: 'bool',
  map: 'map[string]interface {}',
  uuid: 'uuid.UUID',
};

function describeJsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

function throwJsonError(detail: string): never {
  throw createBadRequest('bad_json', `Could not parse request body as JSON: ${detail}`);
}

/** Go's syntax-error wording for the common cases (encoding/json scanner). */
function describeSyntaxError(text: string, error: unknown): string {
  const trimmed = text.trim();
  if (trimmed === '') return 'unexpected end of JSON input';
  const first = trimmed[0] ?? '';
  if (!/[{["\-0-9tfn]/.test(first)) return `invalid character '${first}' looking for beginning of value`;
  const message = error instanceof Error ? error.message : String(error);
  if (/end of (JSON )?input|Unterminated/i.test(message)) return 'unexpected end of JSON input';
  return message;
}

/** Parses a UUID the way gofrs/uuid's UnmarshalText does (canonical, braced, urn, or hex-only). */
export function parseGoUuid(text: string): string | undefined {
  let s = text;
  if (s.length === 45 && s.toLowerCase().startsWith('urn:uuid:')) s = s.slice(9);
  else if (s.length === 38 && s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1);
  if (s.length === 36 && /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s)) {
    return s.toLowerCase();
  }
  if (s.length === 32 && /^[0-9a-fA-F]{32}$/.test(s)) {
    const h = s.toLowerCase();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  return undefined;
}

function getZeroValue(kind: FieldKind): unknown {
  if (kind === 'string') return '';
  if (kind === 'uuid') return NIL_UUID;
  if (kind === 'bool') return false;
  return undefined;
}

/**
 * Decodes a JSON body into the fields of `spec`, Go-style. `structName` is the Go type name used
 * in error messages (e.g. "SignupParams"); `defaults` pre-fills fields as Go code does before
 * unmarshalling (e.g. OtpParams{CreateUser: true}).
 */
export function decodeParams<S extends FieldSpec>(
  structName: string,
  spec: S,
  body: Buffer,
  defaults: Partial<Decoded<S>> = {},
): Decoded<S> {
  const out: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(spec)) out[name] = getZeroValue(kind);
  Object.assign(out, defaults);

  const text = body.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch (error) {
    throwJsonError(describeSyntaxError(text, error));
  }
  if (parsed === null) return out as Decoded<S>;
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throwJsonError(`json: cannot unmarshal ${describeJsonType(parsed)} into Go value of type api.${structName}`);
  }

  const names = Object.keys(spec);
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    const name = names.find((n) => n === key) ?? names.find((n) => n.toLowerCase() === key.toLowerCase());
    if (name === undefined) continue;
    const kind = spec[name] as FieldKind;
    if (value === null) {
      // null leaves Go values untouched, except pointers and maps which become nil.
      if (kind === 'optional-string' || kind === 'map') out[name] = undefined;
      continue;
    }
    const failTypeMismatch = (): never =>
      throwJsonError(
        `json: cannot unmarshal ${describeJsonType(value)} into Go struct field ${structName}.${name} of type ${GO_TYPE_NAMES[kind]}`,
      );
    switch (kind) {
      case 'string':
      case 'optional-string':
        if (typeof value !== 'string') failTypeMismatch();
        out[name] = value;
        break;
      case 'bool':
        if (typeof value !== 'boolean') failTypeMismatch();
        out[name] = value;
        break;
      case 'map':
        if (typeof value !== 'object' || Array.isArray(value)) failTypeMismatch();
        out[name] = value;
        break;
      case 'uuid': {
        if (typeof value !== 'string') failTypeMismatch();
        const uuid = parseGoUuid(value as string);
        if (uuid === undefined) {
          throwJsonError(`uuid: incorrect UUID length ${(value as string).length} in string ${JSON.stringify(value)}`);
        }
        out[name] = uuid;
        break;
      }
    }
  }
  return out as Decoded<S>;
}

// badoux/checkmail ValidateFormat
const EMAIL_PATTERN =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** GoTrue's validateEmail: required, ≤ 255 bytes, checkmail format; returns it lower-cased. */
export function validateEmail(email: string): string {
  if (email === '') throw createBadRequest('validation_failed', 'An email address is required');
  if (Buffer.byteLength(email) > 255) throw createBadRequest('validation_failed', 'An email address is too long');
  if (!EMAIL_PATTERN.test(email)) {
    throw createBadRequest('validation_failed', 'Unable to validate email address: invalid format');
  }
  return email.toLowerCase();
}

/** GoTrue's validatePhone: strips "+" and spaces, then requires E.164 digits. */
export function validatePhone(phone: string): string {
  const formatted = formatPhone(phone);
  if (!/^[1-9]\d{1,14}$/.test(formatted)) {
    throw createBadRequest('validation_failed', 'Invalid phone number format (E.164 required)');
  }
  return formatted;
}

export function formatPhone(phone: string): string {
  return phone.replace(/^\+/, '').replaceAll(' ', '');
}
