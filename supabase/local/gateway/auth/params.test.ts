/**
 * Request decoding with Go's encoding/json semantics, and GoTrue's input validators.
 */
import { describe, expect, it } from 'vitest';
import { AuthError } from './errors.ts';
import { decodeParams, parseGoUuid, validateEmail, validatePhone } from './params.ts';
import { parseRequiredCharacters } from './settings.ts';

const SPEC = { email: 'string', password: 'optional-string', data: 'map', create_user: 'bool', id: 'uuid' } as const;

function decode(body: string) {
  return decodeParams('TestParams', SPEC, Buffer.from(body), { create_user: true });
}

function captureError(run: () => unknown): AuthError {
  try {
    run();
  } catch (error) {
    if (error instanceof AuthError) return error;
    throw error;
  }
  throw new Error('expected an AuthError');
}

describe('decodeParams', () => {
  it('fills zero values and defaults, ignores unknown keys and matches keys case-insensitively', () => {
    expect(decode('{"EMAIL":"a@b.co","extra":[1]}')).toEqual({
      email: 'a@b.co',
      password: undefined,
      data: undefined,
      create_user: true,
      id: '00000000-0000-0000-0000-000000000000',
    });
    expect(decode('null').create_user).toBe(true);
    expect(decode('{"create_user":null,"password":null,"data":null}')).toMatchObject({
      create_user: true,
      password: undefined,
    });
    expect(decode('{"id":"{0189ABCD-0000-7000-8000-000000000001}"}').id).toBe('0189abcd-0000-7000-8000-000000000001');
  });

  it('reports type mismatches with Go’s wording', () => {
    expect(captureError(() => decode('{"create_user":"yes"}')).message).toBe(
      'Could not parse request body as JSON: json: cannot unmarshal string into Go struct field TestParams.create_user of type bool',
    );
    expect(captureError(() => decode('{"data":[]}')).message).toBe(
      'Could not parse request body as JSON: json: cannot unmarshal array into Go struct field TestParams.data of type map[string]interface {}',
    );
    expect(captureError(() => decode('"text"')).message).toBe(
      'Could not parse request body as JSON: json: cannot unmarshal string into Go value of type api.TestParams',
    );
    const uuid = captureError(() => decode('{"id":"abc"}'));
    expect(uuid.code).toBe('bad_json');
    expect(uuid.status).toBe(400);
    expect(uuid.message).toBe('Could not parse request body as JSON: uuid: incorrect UUID length 3 in string "abc"');
  });

  it('reports syntax errors like Go’s scanner for the common cases', () => {
    expect(captureError(() => decode('')).message).toBe(
      'Could not parse request body as JSON: unexpected end of JSON input',
    );
    expect(captureError(() => decode('  <xml/>')).message).toBe(
      "Could not parse request body as JSON: invalid character '<' looking for beginning of value",
    );
  });
});

describe('validators', () => {
  it('validateEmail lower-cases valid addresses and refuses malformed ones', () => {
    expect(validateEmail('Camille@Comptoir.FR')).toBe('camille@comptoir.fr');
    expect(captureError(() => validateEmail('')).message).toBe('An email address is required');
    expect(captureError(() => validateEmail('a@@b')).message).toBe('Unable to validate email address: invalid format');
    expect(captureError(() => validateEmail(`${'a'.repeat(251)}@b.co`)).message).toBe('An email address is too long');
  });

  it('validatePhone keeps E.164 digits only', () => {
    expect(validatePhone('+33 6 12 34 56 78')).toBe('33612345678');
    expect(captureError(() => validatePhone('06 12')).message).toBe('Invalid phone number format (E.164 required)');
  });

  it('parseGoUuid accepts canonical, braced, urn and bare-hex forms', () => {
    expect(parseGoUuid('urn:uuid:0189abcd-0000-7000-8000-000000000001')).toBe('0189abcd-0000-7000-8000-000000000001');
    expect(parseGoUuid('0189abcd000070008000000000000001')).toBe('0189abcd-0000-7000-8000-000000000001');
    expect(parseGoUuid('not-a-uuid')).toBeUndefined();
  });

  it('parseRequiredCharacters splits GoTrue’s value on unescaped colons', () => {
    expect(parseRequiredCharacters('abc:0123')).toEqual(['abc', '0123']);
    expect(parseRequiredCharacters('ab\\:c:1')).toEqual(['ab:c', '1']);
  });
});
