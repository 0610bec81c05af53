/**
 * Contacts (seed 003 §4.1, seed 002): people at client and prospect companies. Consent flags
 * carry the GDPR processing basis. Validated here optimistically, by the database authoritatively.
 */
import { z } from 'zod';
import { countrySchema, emailSchema, optionalText, phoneSchema, tagsSchema } from './fields.ts';

export const PROCESSING_BASES = ['consent', 'contract', 'legitimate_interest', 'legal_obligation'] as const;
export type ProcessingBasis = (typeof PROCESSING_BASES)[number];

export type CustomFieldValue = string | number | boolean | null;

/** A contact row as replicated (snake_case, as in Postgres). */
export type Contact = {
  readonly id: string;
  readonly tenant_id: string;
  readonly first_name: string | null;
  readonly last_name: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly mobile: string | null;
  readonly company_id: string | null;
  readonly job_title: string | null;
  readonly address_line1: string | null;
  readonly postal_code: string | null;
  readonly city: string | null;
  readonly country: string;
  readonly tags: readonly string[];
  readonly custom_fields: Readonly<Record<string, CustomFieldValue>>;
  readonly consent_marketing: boolean;
  readonly consent_marketing_at: string | null;
  readonly processing_basis: ProcessingBasis;
  readonly owner_id: string | null;
  readonly notes: string | null;
  readonly last_contacted_at: string | null;
  /** The server's scoring job (V1): the number, its explanation, when computed. Never client-written. */
  readonly score: number | null;
  readonly score_explanation: Readonly<Record<string, unknown>> | null;
  readonly scored_at: string | null;
  readonly created_at: string;
  readonly updated_at: string;
};

export const MAX_CUSTOM_FIELDS = 50;

/** Custom fields: at most 50 keys of 1..50 characters; values are short text, numbers or booleans. */
export const customFieldsSchema = z
  .record(z.string().min(1).max(50), z.union([z.string().max(1000), z.number().finite(), z.boolean(), z.null()]))
  .refine((value) => Object.keys(value).length <= MAX_CUSTOM_FIELDS, { message: 'custom_fields' });

export const contactFieldsSchema = z.object({
  first_name: optionalText(100),
  last_name: optionalText(100),
  email: emailSchema,
  phone: phoneSchema,
  mobile: phoneSchema,
  company_id: z.string().uuid().nullable(),
  job_title: optionalText(100),
  address_line1: optionalText(200),
  postal_code: optionalText(12),
  city: optionalText(100),
  country: countrySchema,
  tags: tagsSchema,
  custom_fields: customFieldsSchema,
  consent_marketing: z.boolean(),
  processing_basis: z.enum(PROCESSING_BASES),
  owner_id: z.string().uuid().nullable(),
  notes: optionalText(10_000),
});
export type ContactFields = z.infer<typeof contactFieldsSchema>;

/** Fields a client may write; consent_marketing_at and last_contacted_at are set by the server. */
export const CONTACT_WRITABLE_FIELDS = Object.keys(contactFieldsSchema.shape) as (keyof ContactFields)[];

export const CONTACT_DEFAULTS = {
  first_name: null,
  last_name: null,
  email: null,
  phone: null,
  mobile: null,
  company_id: null,
  job_title: null,
  address_line1: null,
  postal_code: null,
  city: null,
  country: 'FR',
  tags: [],
  custom_fields: {},
  consent_marketing: false,
  processing_basis: 'legitimate_interest',
  owner_id: null,
  notes: null,
} as const satisfies ContactFields;

/** Create: a contact needs a name or an e-mail (someone to call it by). */
export const contactCreateSchema = contactFieldsSchema.partial().superRefine((value, ctx) => {
  if (!value.first_name && !value.last_name && !value.email) {
    ctx.addIssue({ code: 'custom', path: ['last_name'], message: 'name_or_email_required' });
  }
});

/** Update: only the fields that changed. */
export const contactUpdateSchema = contactFieldsSchema.partial();

/** "Camille Moreau", else the e-mail, else "—": how a contact is named in lists. */
export function getContactDisplayName(contact: Pick<Contact, 'first_name' | 'last_name' | 'email'>): string {
  const name = [contact.first_name, contact.last_name].filter(Boolean).join(' ').trim();
  return name || contact.email || '—';
}
