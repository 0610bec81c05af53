/**
 * Response rows as storage-api's response schemas serialise them (fast-json-stringify with
 * src/storage/schemas/{object,bucket}.ts): only the schema's properties, in schema order, and a
 * null in a string-typed property (owner, owner_id, version) written as "".
 */

type FieldKind = 'string' | 'value';

const OBJECT_FIELDS: readonly (readonly [string, FieldKind])[] = [
  ['name', 'string'],
  ['bucket_id', 'string'],
  ['owner', 'string'],
  ['owner_id', 'string'],
  ['version', 'string'],
  ['id', 'value'],
  ['updated_at', 'value'],
  ['created_at', 'value'],
  ['last_accessed_at', 'value'],
  ['metadata', 'value'],
  ['user_metadata', 'value'],
];

const BUCKET_FIELDS: readonly (readonly [string, FieldKind])[] = [
  ['id', 'string'],
  ['name', 'string'],
  ['owner', 'string'],
  ['owner_id', 'string'],
  ['public', 'value'],
  ['type', 'string'],
  ['file_size_limit', 'value'],
  ['allowed_mime_types', 'value'],
  ['created_at', 'string'],
  ['updated_at', 'string'],
];

function pick(row: Readonly<Record<string, unknown>>, fields: typeof OBJECT_FIELDS): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, kind] of fields) {
    if (!Object.prototype.hasOwnProperty.call(row, name)) continue;
    const value = row[name];
    if (value === undefined) continue;
    if (value instanceof Date) out[name] = value.toISOString();
    else if (kind === 'string' && value === null) out[name] = '';
    else out[name] = value;
  }
  return out;
}

/** An object row as `objectSchema` renders it (list, remove, copy responses). */
export function serializeObjectRow(row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return pick(row, OBJECT_FIELDS);
}

/** A bucket row as `bucketSchema` renders it (getBucket, listBuckets). */
export function serializeBucketRow(row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return pick(row, BUCKET_FIELDS);
}
