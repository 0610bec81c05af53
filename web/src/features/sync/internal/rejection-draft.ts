/**
 * A refused write's data as form values and back: text stays text, a yes/no a checkbox, a list
 * (tags) comma-separated text, an object (custom fields) JSON. Converting back restores each
 * field's original kind, so the engine validates exactly what the user meant.
 */
import type { ErrorKey } from '@web/features/crm/index.ts';

export type Draft = Readonly<Record<string, string | boolean>>;

export type ParsedDraft =
  | { readonly ok: true; readonly fields: Record<string, unknown> }
  | { readonly ok: false; readonly errors: Readonly<Record<string, ErrorKey | 'crm.attention.invalidJson'>> };

/** Form values of a rejection's fields. */
export function toDraft(fields: Readonly<Record<string, unknown>>): Draft {
  const draft: Record<string, string | boolean> = {};
  for (const [field, value] of Object.entries(fields)) {
    if (typeof value === 'boolean') draft[field] = value;
    else if (value === null || value === undefined) draft[field] = '';
    else if (typeof value === 'string' || typeof value === 'number') draft[field] = String(value);
    else if (Array.isArray(value)) draft[field] = value.map(String).join(', ');
    else draft[field] = JSON.stringify(value);
  }
  return draft;
}

/** The fields to resend: each value back in the kind the original had. */
export function fromDraft(draft: Draft, original: Readonly<Record<string, unknown>>): ParsedDraft {
  const fields: Record<string, unknown> = {};
  const errors: Record<string, 'crm.attention.invalidJson'> = {};
  for (const [field, value] of Object.entries(draft)) {
    const before = original[field];
    if (typeof value === 'boolean') {
      fields[field] = value;
    } else if (Array.isArray(before)) {
      fields[field] = value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
    } else if (typeof before === 'number') {
      fields[field] = value.trim() === '' ? null : Number(value);
    } else if (before !== null && typeof before === 'object') {
      try {
        fields[field] = value.trim() === '' ? {} : (JSON.parse(value) as unknown);
      } catch {
        errors[field] = 'crm.attention.invalidJson';
      }
    } else {
      // Empty means "no value"; identifiers (company, owner) cannot be an empty string.
      fields[field] = value.trim() === '' && before === null ? null : value;
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, fields };
}
