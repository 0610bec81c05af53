/**
 * Form drafts of contacts and companies: what the inputs hold (text), and the fields a write
 * sends (the shared schemas normalise them: trimmed, '' → null, E.164 phones, https:// sites).
 */
import {
  COMPANY_DEFAULTS,
  CONTACT_DEFAULTS,
  type Company,
  type CompanySize,
  type Contact,
  type CustomFieldValue,
  type ProcessingBasis,
} from '@shared/crm/index.ts';

export type CustomFieldDraft = { readonly key: string; readonly value: string };

export type ContactDraft = {
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  mobile: string;
  company_id: string;
  job_title: string;
  address_line1: string;
  postal_code: string;
  city: string;
  country: string;
  tags: string;
  custom_fields: readonly CustomFieldDraft[];
  consent_marketing: boolean;
  processing_basis: ProcessingBasis;
  owner_id: string;
  notes: string;
};

export type CompanyDraft = {
  name: string;
  siren: string;
  siret: string;
  vat_number: string;
  email: string;
  phone: string;
  website: string;
  address_line1: string;
  address_line2: string;
  postal_code: string;
  city: string;
  country: string;
  sector: string;
  size: CompanySize | '';
  tags: string;
  owner_id: string;
  notes: string;
};

function splitTags(text: string): string[] {
  return text
    .split(/[,;]/)
    .map((tag) => tag.trim())
    .filter(Boolean);
}

function formatCustomValue(value: CustomFieldValue): string {
  return value === null ? '' : String(value);
}

/** A contact's form values (a new contact: the defaults, owned by the user). */
export function toContactDraft(row: Contact | null, userId: string): ContactDraft {
  const source = row ?? { ...CONTACT_DEFAULTS, owner_id: userId };
  return {
    first_name: source.first_name ?? '',
    last_name: source.last_name ?? '',
    email: source.email ?? '',
    phone: source.phone ?? '',
    mobile: source.mobile ?? '',
    company_id: source.company_id ?? '',
    job_title: source.job_title ?? '',
    address_line1: source.address_line1 ?? '',
    postal_code: source.postal_code ?? '',
    city: source.city ?? '',
    country: source.country,
    tags: source.tags.join(', '),
    custom_fields: Object.entries(source.custom_fields).map(([key, value]) => ({
      key,
      value: formatCustomValue(value),
    })),
    consent_marketing: source.consent_marketing,
    processing_basis: source.processing_basis,
    owner_id: source.owner_id ?? '',
    notes: source.notes ?? '',
  };
}

/** The fields of a contact write, before the schema normalises them. */
export function toContactFields(draft: ContactDraft): Record<string, unknown> {
  const custom: Record<string, string> = {};
  for (const { key, value } of draft.custom_fields) if (key.trim() !== '') custom[key.trim()] = value;
  return {
    first_name: draft.first_name,
    last_name: draft.last_name,
    email: draft.email,
    phone: draft.phone,
    mobile: draft.mobile,
    company_id: draft.company_id || null,
    job_title: draft.job_title,
    address_line1: draft.address_line1,
    postal_code: draft.postal_code,
    city: draft.city,
    country: draft.country,
    tags: splitTags(draft.tags),
    custom_fields: custom,
    consent_marketing: draft.consent_marketing,
    processing_basis: draft.processing_basis,
    owner_id: draft.owner_id || null,
    notes: draft.notes,
  };
}

/** A company's form values. */
export function toCompanyDraft(row: Company | null, userId: string): CompanyDraft {
  const source = row ?? { ...COMPANY_DEFAULTS, name: '', owner_id: userId };
  return {
    name: source.name,
    siren: source.siren ?? '',
    siret: source.siret ?? '',
    vat_number: source.vat_number ?? '',
    email: source.email ?? '',
    phone: source.phone ?? '',
    website: source.website ?? '',
    address_line1: source.address_line1 ?? '',
    address_line2: source.address_line2 ?? '',
    postal_code: source.postal_code ?? '',
    city: source.city ?? '',
    country: source.country,
    sector: source.sector ?? '',
    size: source.size ?? '',
    tags: source.tags.join(', '),
    owner_id: source.owner_id ?? '',
    notes: source.notes ?? '',
  };
}

/** The fields of a company write, before the schema normalises them. */
export function toCompanyFields(draft: CompanyDraft): Record<string, unknown> {
  return {
    name: draft.name,
    siren: draft.siren,
    siret: draft.siret,
    vat_number: draft.vat_number,
    email: draft.email,
    phone: draft.phone,
    website: draft.website,
    address_line1: draft.address_line1,
    address_line2: draft.address_line2,
    postal_code: draft.postal_code,
    city: draft.city,
    country: draft.country,
    sector: draft.sector,
    size: draft.size || null,
    tags: splitTags(draft.tags),
    owner_id: draft.owner_id || null,
    notes: draft.notes,
  };
}

/**
 * The fields whose normalised value differs from the stored row: an edit sends only these, so
 * another device's concurrent edit of other fields survives (field-level merge).
 */
export function listChangedFields(
  normalised: Readonly<Record<string, unknown>>,
  row: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(normalised)) {
    if (JSON.stringify(value ?? null) !== JSON.stringify(row[field] ?? null)) changed[field] = value;
  }
  return changed;
}
