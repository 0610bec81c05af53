/** Why two contacts look alike, as translation keys. */
import type { DuplicateReason } from '@shared/crm/duplicates.ts';

export const REASON_KEYS = {
  email: 'crm.duplicates.reasons.email',
  phone: 'crm.duplicates.reasons.phone',
  name: 'crm.duplicates.reasons.name',
  company: 'crm.duplicates.reasons.company',
} as const satisfies Record<DuplicateReason, string>;
