/**
 * Companies (seed 003 §4.1, seed 002): the accounts a business works with. The schema validates
 * a create or an update optimistically in the browser; the database enforces the same rules
 * (CHECK constraints, RLS) authoritatively when the mutation is pushed.
 */
import { z } from 'zod';
import { isValidSiren, isValidSiret, isValidVatNumber, normaliseIdentifier } from '../identity/french-ids.ts';
import {
  countrySchema,
  emailSchema,
  optionalText,
  phoneSchema,
  requiredText,
  tagsSchema,
  websiteSchema,
} from './fields.ts';

export const COMPANY_SIZES = ['1-9', '10-49', '50-249', '250-999', '1000+'] as const;
export type CompanySize = (typeof COMPANY_SIZES)[number];

/** A company row as replicated (snake_case, as in Postgres). */
export type Company = {
  readonly id: string;
  readonly tenant_id: string;
  readonly name: string;
  readonly siren: string | null;
  readonly siret: string | null;
  readonly vat_number: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly website: string | null;
  readonly address_line1: string | null;
  readonly address_line2: string | null;
  readonly postal_code: string | null;
  readonly city: string | null;
  readonly country: string;
  readonly sector: string | null;
  readonly size: CompanySize | null;
  readonly tags: readonly string[];
  readonly owner_id: string | null;
  readonly notes: string | null;
  readonly created_at: string;
  readonly updated_at: string;
};

const identifier = (check: (v: string) => boolean, message: string) =>
  z
    .string()
    .nullable()
    .transform((v, ctx) => {
      if (v === null || v.trim() === '') return null;
      const n = normaliseIdentifier(v);
      if (!check(n)) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return n;
    });

/** Every field a client may write, with its rule. */
export const companyFieldsSchema = z.object({
  name: requiredText(200),
  siren: identifier(isValidSiren, 'siren'),
  siret: identifier(isValidSiret, 'siret'),
  vat_number: identifier(isValidVatNumber, 'vat_number'),
  email: emailSchema,
  phone: phoneSchema,
  website: websiteSchema,
  address_line1: optionalText(200),
  address_line2: optionalText(200),
  postal_code: optionalText(12),
  city: optionalText(100),
  country: countrySchema,
  sector: optionalText(100),
  size: z.enum(COMPANY_SIZES).nullable(),
  tags: tagsSchema,
  owner_id: z.string().uuid().nullable(),
  notes: optionalText(10_000),
});
export type CompanyFields = z.infer<typeof companyFieldsSchema>;

/** Fields a client may write (the server refuses any other with `unknown_field`). */
export const COMPANY_WRITABLE_FIELDS = Object.keys(companyFieldsSchema.shape) as (keyof CompanyFields)[];

/** Defaults of a new company (what the database fills in when a field is absent). */
export const COMPANY_DEFAULTS = {
  siren: null,
  siret: null,
  vat_number: null,
  email: null,
  phone: null,
  website: null,
  address_line1: null,
  address_line2: null,
  postal_code: null,
  city: null,
  country: 'FR',
  sector: null,
  size: null,
  tags: [],
  owner_id: null,
  notes: null,
} as const satisfies Omit<CompanyFields, 'name'>;

/** Create: a name is required, other fields optional (defaults apply); cross-field rule on SIRET. */
export const companyCreateSchema = companyFieldsSchema
  .partial()
  .required({ name: true })
  .superRefine((value, ctx) => {
    if (value.siret && value.siren && !value.siret.startsWith(value.siren)) {
      ctx.addIssue({ code: 'custom', path: ['siret'], message: 'siret_siren_mismatch' });
    }
  });

/** Update: only the fields that changed. */
export const companyUpdateSchema = companyFieldsSchema.partial();
