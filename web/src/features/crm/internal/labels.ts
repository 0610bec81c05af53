/** Translation keys of field names and enumerations, spelled out so the locale test sees them used. */
import type { CompanySize, ProcessingBasis } from '@shared/crm/index.ts';

export const FIELD_LABEL_KEYS = {
  first_name: 'crm.fields.first_name',
  last_name: 'crm.fields.last_name',
  name: 'crm.fields.name',
  email: 'crm.fields.email',
  phone: 'crm.fields.phone',
  mobile: 'crm.fields.mobile',
  company_id: 'crm.fields.company_id',
  job_title: 'crm.fields.job_title',
  address_line1: 'crm.fields.address_line1',
  address_line2: 'crm.fields.address_line2',
  postal_code: 'crm.fields.postal_code',
  city: 'crm.fields.city',
  country: 'crm.fields.country',
  tags: 'crm.fields.tags',
  custom_fields: 'crm.fields.custom_fields',
  consent_marketing: 'crm.fields.consent_marketing',
  consent_marketing_at: 'crm.fields.consent_marketing_at',
  processing_basis: 'crm.fields.processing_basis',
  owner_id: 'crm.fields.owner_id',
  notes: 'crm.fields.notes',
  last_contacted_at: 'crm.fields.last_contacted_at',
  created_at: 'crm.fields.created_at',
  updated_at: 'crm.fields.updated_at',
  siren: 'crm.fields.siren',
  siret: 'crm.fields.siret',
  vat_number: 'crm.fields.vat_number',
  website: 'crm.fields.website',
  sector: 'crm.fields.sector',
  size: 'crm.fields.size',
} as const;

export type LabelledField = keyof typeof FIELD_LABEL_KEYS;

/** The label key of a column name; a name we do not know (custom, future) has none. */
export function getFieldLabelKey(field: string): (typeof FIELD_LABEL_KEYS)[LabelledField] | null {
  return Object.hasOwn(FIELD_LABEL_KEYS, field) ? FIELD_LABEL_KEYS[field as LabelledField] : null;
}

export const SIZE_KEYS: Readonly<Record<CompanySize, `crm.sizes.${CompanySize}`>> = {
  '1-9': 'crm.sizes.1-9',
  '10-49': 'crm.sizes.10-49',
  '50-249': 'crm.sizes.50-249',
  '250-999': 'crm.sizes.250-999',
  '1000+': 'crm.sizes.1000+',
};

export const BASIS_KEYS: Readonly<Record<ProcessingBasis, `crm.bases.${ProcessingBasis}`>> = {
  consent: 'crm.bases.consent',
  contract: 'crm.bases.contract',
  legitimate_interest: 'crm.bases.legitimate_interest',
  legal_obligation: 'crm.bases.legal_obligation',
};
