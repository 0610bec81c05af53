/** Why two contacts (or two companies) look alike, as translation keys. */
import type { CompanyDuplicateReason, DuplicateReason } from '@shared/crm/duplicates.ts';

export const REASON_KEYS = {
  email: 'crm.duplicates.reasons.email',
  phone: 'crm.duplicates.reasons.phone',
  name: 'crm.duplicates.reasons.name',
  company: 'crm.duplicates.reasons.company',
} as const satisfies Record<DuplicateReason, string>;

/** Why two companies look alike, as translation keys. */
export const COMPANY_REASON_KEYS = {
  siren: 'crm.duplicates.companyReasons.siren',
  name: 'crm.duplicates.companyReasons.name',
  website: 'crm.duplicates.companyReasons.website',
  phone: 'crm.duplicates.companyReasons.phone',
  email: 'crm.duplicates.companyReasons.email',
} as const satisfies Record<CompanyDuplicateReason, string>;
