/** Labels of the CSV import: columns, row problems, outcomes and report headers, as literal keys. */
import type { ContactImportField, ImportStatus } from '@shared/crm/csv-import.ts';
import { toErrorKey, type ErrorKey } from './field-errors.ts';
import { FIELD_LABEL_KEYS } from './labels.ts';

export const IMPORT_FIELD_KEYS = {
  first_name: FIELD_LABEL_KEYS.first_name,
  last_name: FIELD_LABEL_KEYS.last_name,
  full_name: 'crm.import.fields.full_name',
  email: FIELD_LABEL_KEYS.email,
  phone: FIELD_LABEL_KEYS.phone,
  mobile: FIELD_LABEL_KEYS.mobile,
  company_name: 'crm.import.fields.company_name',
  job_title: FIELD_LABEL_KEYS.job_title,
  address_line1: FIELD_LABEL_KEYS.address_line1,
  postal_code: FIELD_LABEL_KEYS.postal_code,
  city: FIELD_LABEL_KEYS.city,
  country: FIELD_LABEL_KEYS.country,
  tags: FIELD_LABEL_KEYS.tags,
  consent_marketing: FIELD_LABEL_KEYS.consent_marketing,
  processing_basis: FIELD_LABEL_KEYS.processing_basis,
  notes: FIELD_LABEL_KEYS.notes,
} as const satisfies Record<ContactImportField, string>;

const IMPORT_RULE_KEYS = {
  too_many: 'crm.import.rules.tooManyItems',
  invalid_option: 'crm.import.rules.invalid_option',
  format: 'crm.import.rules.format',
  boolean: 'crm.import.rules.boolean',
  processing_basis: 'crm.import.rules.processing_basis',
  duplicate: 'crm.import.rules.duplicate',
  duplicate_in_file: 'crm.import.rules.duplicate_in_file',
  possible_duplicate: 'crm.import.rules.possible_duplicate',
  write_failed: 'crm.import.rules.write_failed',
} as const;

export type ImportRuleKey = (typeof IMPORT_RULE_KEYS)[keyof typeof IMPORT_RULE_KEYS] | ErrorKey;

/** The message key of a row problem (import rules first, then the form's field rules). */
export function getImportRuleKey(field: string, rule: string): ImportRuleKey {
  return Object.hasOwn(IMPORT_RULE_KEYS, rule)
    ? IMPORT_RULE_KEYS[rule as keyof typeof IMPORT_RULE_KEYS]
    : toErrorKey(field === 'row' ? '' : field, rule);
}

export const IMPORT_STATUS_KEYS = {
  created: 'crm.import.status.created',
  merged: 'crm.import.status.merged',
  rejected: 'crm.import.status.rejected',
} as const satisfies Record<ImportStatus, string>;

export const IMPORT_REPORT_KEYS = {
  row: 'crm.import.report.row',
  status: 'crm.import.report.status',
  target: 'crm.import.report.target',
  reasons: 'crm.import.report.reasons',
} as const;

/** The report's translate option (keys `import.report.*`, `import.status.*`, `import.rules.*`) → app keys. */
export function toReportKey(
  key: string,
):
  | ImportRuleKey
  | (typeof IMPORT_STATUS_KEYS)[ImportStatus]
  | (typeof IMPORT_REPORT_KEYS)[keyof typeof IMPORT_REPORT_KEYS]
  | null {
  const [, family, name = ''] = key.split('.');
  if (family === 'rules') return getImportRuleKey('', name);
  if (family === 'status' && Object.hasOwn(IMPORT_STATUS_KEYS, name)) return IMPORT_STATUS_KEYS[name as ImportStatus];
  if (family === 'report' && Object.hasOwn(IMPORT_REPORT_KEYS, name)) {
    return IMPORT_REPORT_KEYS[name as keyof typeof IMPORT_REPORT_KEYS];
  }
  return null;
}
