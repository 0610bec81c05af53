/**
 * CSV export of the current contacts or companies view, shaped for Excel as French offices use it:
 * `;` delimiter by default, CRLF line ends, UTF-8 with a BOM (without it Excel reads UTF-8 as
 * windows-1252 and "Hélène" becomes "HÃ©lÃ¨ne"), dates in the user's time zone.
 *
 * Formula injection (OWASP "CSV injection"): a cell starting with = + - @ tab or CR is prefixed
 * with `'`, which spreadsheets show as text. One exception, on purpose: a phone column whose value
 * is a strict E.164 number ("+33612345678") is left alone — "+" followed by digits only cannot
 * call a function or DDE, at worst a spreadsheet shows it as a number, and users read and re-import
 * it as is. The importer removes the `'` this module adds (see csv-import.ts), so export → import
 * gives back the same values.
 *
 * Tags are joined with ", "; the importer splits on , ; and |, so a tag containing one of those
 * does not survive a round trip.
 */
// The issue asks for a CSV library; papaparse is pure JS (no DOM/Node APIs) and runs everywhere shared/ runs.
import Papa from 'papaparse';
import type { Company } from './company.ts';
import type { Contact, ProcessingBasis } from './contact.ts';

export type CsvLocale = 'fr' | 'en';

export const CONTACT_CSV_COLUMNS = [
  'first_name',
  'last_name',
  'email',
  'phone',
  'mobile',
  'company',
  'job_title',
  'address_line1',
  'postal_code',
  'city',
  'country',
  'tags',
  'consent_marketing',
  'processing_basis',
  'notes',
  'last_contacted_at',
  'created_at',
  'updated_at',
] as const;
export type ContactCsvColumn = (typeof CONTACT_CSV_COLUMNS)[number];

export const COMPANY_CSV_COLUMNS = [
  'name',
  'siren',
  'siret',
  'vat_number',
  'email',
  'phone',
  'website',
  'address_line1',
  'address_line2',
  'postal_code',
  'city',
  'country',
  'sector',
  'size',
  'tags',
  'notes',
  'created_at',
  'updated_at',
] as const;
export type CompanyCsvColumn = (typeof COMPANY_CSV_COLUMNS)[number];

/** Column headers per locale; csv-import.ts recognises every one of them. */
export const CSV_HEADERS: Readonly<Record<CsvLocale, Readonly<Record<ContactCsvColumn | CompanyCsvColumn, string>>>> = {
  fr: {
    first_name: 'Prénom',
    last_name: 'Nom',
    name: 'Raison sociale',
    email: 'E-mail',
    phone: 'Téléphone',
    mobile: 'Portable',
    company: 'Société',
    job_title: 'Fonction',
    siren: 'SIREN',
    siret: 'SIRET',
    vat_number: 'N° TVA',
    website: 'Site web',
    address_line1: 'Adresse',
    address_line2: "Complément d'adresse",
    postal_code: 'Code postal',
    city: 'Ville',
    country: 'Pays',
    sector: 'Secteur',
    size: 'Effectif',
    tags: 'Étiquettes',
    consent_marketing: 'Consentement marketing',
    processing_basis: 'Base légale',
    notes: 'Notes',
    last_contacted_at: 'Dernier contact',
    created_at: 'Créé le',
    updated_at: 'Modifié le',
  },
  en: {
    first_name: 'First name',
    last_name: 'Last name',
    name: 'Company name',
    email: 'Email',
    phone: 'Phone',
    mobile: 'Mobile',
    company: 'Company',
    job_title: 'Job title',
    siren: 'SIREN',
    siret: 'SIRET',
    vat_number: 'VAT number',
    website: 'Website',
    address_line1: 'Address',
    address_line2: 'Address line 2',
    postal_code: 'Postal code',
    city: 'City',
    country: 'Country',
    sector: 'Sector',
    size: 'Size',
    tags: 'Tags',
    consent_marketing: 'Marketing consent',
    processing_basis: 'Processing basis',
    notes: 'Notes',
    last_contacted_at: 'Last contacted',
    created_at: 'Created',
    updated_at: 'Updated',
  },
};

/** Legal bases as written in exports; the importer also accepts the raw keys. */
export const PROCESSING_BASIS_LABELS: Readonly<Record<CsvLocale, Readonly<Record<ProcessingBasis, string>>>> = {
  fr: {
    consent: 'Consentement',
    contract: 'Contrat',
    legitimate_interest: 'Intérêt légitime',
    legal_obligation: 'Obligation légale',
  },
  en: {
    consent: 'Consent',
    contract: 'Contract',
    legitimate_interest: 'Legitimate interest',
    legal_obligation: 'Legal obligation',
  },
};

export const BOOLEAN_LABELS: Readonly<Record<CsvLocale, readonly [yes: string, no: string]>> = {
  fr: ['oui', 'non'],
  en: ['yes', 'no'],
};

export type CsvExportOptions<C extends string> = {
  /** Default ';' (what French Excel expects). */
  readonly delimiter?: string;
  /** Headers, booleans and dates; default 'fr'. */
  readonly locale?: CsvLocale;
  /** Columns in order; default every column. */
  readonly columns?: readonly C[];
  /** IANA time zone of the reader; default Europe/Paris. */
  readonly timeZone?: string;
  /** Prepend a UTF-8 BOM for Excel; default true. */
  readonly withBom?: boolean;
};

const FORMULA_START = /^[=+\-@\t\r]/;
const E164 = /^\+[1-9]\d{6,14}$/;

/** A cell a spreadsheet could run as a formula, made inert with a leading `'`. */
export function neutraliseFormula(cell: string, isPhoneColumn = false): string {
  if (isPhoneColumn && E164.test(cell)) return cell;
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** Undoes neutraliseFormula: "'=x" → "=x" (a `'` before anything else is kept). */
export function restoreFormula(cell: string): string {
  return cell.length > 1 && cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

/** An ISO instant as a reader of this locale writes it, in their time zone ("21/11/2026 14:05"). */
export function formatCsvDate(iso: string | null, locale: CsvLocale, timeZone: string): string {
  if (!iso) return '';
  const key = `${locale}|${timeZone}`;
  let formatter = dateFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
      timeZone,
      dateStyle: 'short',
      timeStyle: 'short',
    });
    dateFormatters.set(key, formatter);
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : formatter.format(date);
}

const PHONE_COLUMNS = new Set<string>(['phone', 'mobile']);
const DATE_COLUMNS = new Set<string>(['last_contacted_at', 'created_at', 'updated_at']);

function formatCell(value: unknown, column: string, locale: CsvLocale, timeZone: string): string {
  if (value === null || value === undefined) return '';
  if (DATE_COLUMNS.has(column)) return formatCsvDate(String(value), locale, timeZone);
  if (typeof value === 'boolean') return BOOLEAN_LABELS[locale][value ? 0 : 1];
  if (Array.isArray(value)) return value.join(', ');
  if (column === 'processing_basis') {
    return PROCESSING_BASIS_LABELS[locale][value as ProcessingBasis] ?? String(value);
  }
  return String(value as string | number);
}

function buildCsv<C extends string>(
  records: Iterable<(column: C) => unknown>,
  defaultColumns: readonly C[],
  opts: CsvExportOptions<C>,
): string {
  const locale = opts.locale ?? 'fr';
  const timeZone = opts.timeZone ?? 'Europe/Paris';
  const columns = opts.columns ?? defaultColumns;
  const headers = CSV_HEADERS[locale] as Readonly<Record<string, string>>;
  const data: string[][] = [];
  for (const read of records) {
    data.push(
      columns.map((column) =>
        neutraliseFormula(formatCell(read(column), column, locale, timeZone), PHONE_COLUMNS.has(column)),
      ),
    );
  }
  const csv = Papa.unparse(
    { fields: columns.map((column) => headers[column] ?? column), data },
    { delimiter: opts.delimiter ?? ';', newline: '\r\n', escapeFormulae: false },
  );
  return (opts.withBom ?? true) ? `\uFEFF${csv}\r\n` : `${csv}\r\n`;
}

type CompanyLookup = ReadonlyMap<string, Pick<Company, 'name'>>;

/** Contacts as an Excel-ready CSV; the company column shows the company's name. */
export function buildContactsCsv(
  rows: Iterable<Contact>,
  companiesById: CompanyLookup,
  opts: CsvExportOptions<ContactCsvColumn> = {},
): string {
  function* read() {
    for (const row of rows) {
      yield (column: ContactCsvColumn): unknown =>
        column === 'company' ? (row.company_id ? companiesById.get(row.company_id)?.name : null) : row[column];
    }
  }
  return buildCsv(read(), CONTACT_CSV_COLUMNS, opts);
}

/** Companies as an Excel-ready CSV. */
export function buildCompaniesCsv(rows: Iterable<Company>, opts: CsvExportOptions<CompanyCsvColumn> = {}): string {
  function* read() {
    for (const row of rows) yield (column: CompanyCsvColumn): unknown => row[column];
  }
  return buildCsv(read(), COMPANY_CSV_COLUMNS, opts);
}
