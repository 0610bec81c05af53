/**
 * Field rules shared by companies and contacts: trimmed text with a length cap, tags, e-mail,
 * website. The same limits are database CHECK constraints (supabase/migrations/*_create_crm.sql);
 * supabase/tests/crm-constraints.pg.test.ts proves the two agree on the edge cases.
 */
import { z } from 'zod';
import { isE164PhoneNumber, normalisePhoneNumber } from '../identity/phone.ts';

/** Optional text: trimmed, empty becomes null, at most `max` characters. */
export function optionalText(max: number) {
  return z
    .string()
    .transform((v) => v.trim())
    .pipe(z.string().max(max))
    .transform((v) => (v === '' ? null : v))
    .nullable();
}

/** Required text: trimmed, 1..max characters. */
export function requiredText(max: number) {
  return z
    .string()
    .transform((v) => v.trim())
    .pipe(z.string().min(1).max(max));
}

export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;

/** Tags: trimmed, deduplicated case-insensitively (first spelling kept), at most 20 of 40 chars. */
export const tagsSchema = z
  .array(z.string())
  .transform((tags) => {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const raw of tags) {
      const tag = raw.trim();
      const key = tag.toLocaleLowerCase('fr');
      if (tag === '' || seen.has(key)) continue;
      seen.add(key);
      out.push(tag);
    }
    return out;
  })
  .pipe(z.array(z.string().max(MAX_TAG_LENGTH)).max(MAX_TAGS));

/** E-mail: trimmed, lower-cased, a plausible address (the server checks the same pattern). */
export const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
export const emailSchema = z
  .string()
  .transform((v) => v.trim().toLowerCase())
  .pipe(z.string().max(254))
  .transform((v) => (v === '' ? null : v))
  .nullable()
  .refine((v) => v === null || EMAIL_PATTERN.test(v), { message: 'email' });

/** Phone: French and international formats accepted, stored as E.164 ("+33612345678"). */
export const phoneSchema = z
  .string()
  .nullable()
  .transform((v, ctx) => {
    if (v === null || v.trim() === '') return null;
    const normalised = normalisePhoneNumber(v);
    if (!normalised || !isE164PhoneNumber(normalised)) {
      ctx.addIssue({ code: 'custom', message: 'phone' });
      return z.NEVER;
    }
    return normalised;
  });

/** http(s) URL with a dotted host; shared/ has no URL class (no DOM, no Node), hence a pattern. */
const WEBSITE_PATTERN = /^https?:\/\/[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+(:\d{1,5})?([/?#][^\s]*)?$/u;

/** Website: https:// added when missing; must then be an http(s) URL of at most 300 characters. */
export const websiteSchema = z
  .string()
  .nullable()
  .transform((v, ctx) => {
    if (v === null || v.trim() === '') return null;
    const trimmed = v.trim();
    const withScheme = /^https?:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
    if (withScheme.length > 300 || !WEBSITE_PATTERN.test(withScheme)) {
      ctx.addIssue({ code: 'custom', message: 'website' });
      return z.NEVER;
    }
    return withScheme;
  });

export const countrySchema = z
  .string()
  .transform((v) => v.trim().toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{2}$/));
