/**
 * CSV import of contacts and companies: decode → parse → map columns → validate each row (the
 * same zod rules as the forms) → detect duplicates (against the replica and within the file) →
 * plan what to create, merge and reject → a downloadable per-row report.
 *
 * Files come from French Excel more often than not: `;` delimiter, a BOM, sometimes windows-1252
 * instead of UTF-8. Parsing is papaparse's (delimiter guessing, quoted multi-line cells).
 * Validation of 100,000 rows runs in chunks that yield to the event loop and report progress,
 * so the screen's progress bar moves and the tab stays responsive.
 *
 * Nothing here writes: the plan goes through the outbox like any edit (creates and updates that
 * sync later and may be rejected by the server, then shown in "needs attention").
 */
// The issue asks for a CSV library; papaparse is pure JS (no DOM/Node APIs) and runs everywhere shared/ runs.
import Papa from 'papaparse';
import type { z } from 'zod';
import { companyCreateSchema } from './company.ts';
import { contactCreateSchema, MAX_CUSTOM_FIELDS } from './contact.ts';
import type { CustomFieldValue, ProcessingBasis } from './contact.ts';
import {
  BOOLEAN_LABELS,
  CSV_HEADERS,
  neutraliseFormula,
  PROCESSING_BASIS_LABELS,
  restoreFormula,
} from './csv-export.ts';
import type { CsvLocale } from './csv-export.ts';
import {
  addToCompanyDuplicateIndex,
  addToDuplicateIndex,
  createCompanyDuplicateIndex,
  createDuplicateIndex,
  DEFAULT_DUPLICATE_THRESHOLD,
  findCompanyByName,
  findCompanyDuplicatesIn,
  findContactDuplicatesIn,
  getCompanyNameKey,
} from './duplicates.ts';
import type {
  CompanyDuplicateIndex,
  CompanyDuplicateReason,
  CompanyKeys,
  ContactDuplicateIndex,
  ContactKeys,
  DuplicateReason,
} from './duplicates.ts';
import { MAX_TAGS } from './fields.ts';
import { isEmptyValue } from './merge.ts';
import { foldText } from './normalize.ts';

export type ImportTable = 'contacts' | 'companies';

// ---------------------------------------------------------------------------------------------
// Decoding and parsing

type TextDecoderLike = { decode(bytes: Uint8Array): string };
type TextDecoderConstructor = new (label: string, options?: { fatal?: boolean }) => TextDecoderLike;

/**
 * Bytes of a CSV file → text: UTF-8 when the bytes are valid UTF-8, else windows-1252 (what
 * Excel "CSV (séparateur : point-virgule)" writes on a French Windows). A BOM is removed.
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  // TextDecoder exists in browsers, Deno and Node; shared/ is typed without DOM, hence the lookup.
  const Decoder = (globalThis as unknown as { TextDecoder: TextDecoderConstructor }).TextDecoder;
  try {
    return { text: stripBom(new Decoder('utf-8', { fatal: true }).decode(bytes)), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

/** windows-1252 bytes 0x80–0x9F (€, Œ, œ, ’, …); undefined ones map to the C1 control, as WHATWG does. */
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/**
 * Decoded by hand rather than with TextDecoder('windows-1252'): some Node versions decode that
 * label as ISO-8859-1 and turn "Œuvre 5€" into control characters.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = bytes[i] ?? 0;
    units[i] = byte >= 0x80 && byte < 0xa0 ? (WINDOWS_1252_HIGH[byte - 0x80] ?? byte) : byte;
  }
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let i = 0; i < units.length; i += CHUNK) {
    parts.push(String.fromCharCode(...units.subarray(i, i + CHUNK)));
  }
  return stripBom(parts.join(''));
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export type ParsedCsv = {
  /** Trimmed header cells of the first line. */
  readonly headers: string[];
  /** Data rows (blank lines skipped); rows[i] is spreadsheet line i + 2. */
  readonly rows: string[][];
  readonly delimiter: string;
  /** Papaparse's complaints (unclosed quote, …) with the data row index, for the preview screen. */
  readonly errors: { readonly row: number | null; readonly code: string }[];
};

/** Parses CSV text: BOM removed, delimiter guessed among ; , tab and |, blank lines skipped. */
export function parseCsv(text: string): ParsedCsv {
  const result = Papa.parse<string[]>(stripBom(text), {
    delimitersToGuess: [';', ',', '\t', '|'],
    skipEmptyLines: 'greedy',
  });
  const [header = [], ...rows] = result.data;
  return {
    headers: header.map((h) => h.trim()),
    rows,
    delimiter: result.meta.delimiter,
    // Papaparse counts the header as row 0; ours start at the first data row.
    errors: result.errors.map((e) => ({ row: typeof e.row === 'number' ? e.row - 1 : null, code: e.code })),
  };
}

// ---------------------------------------------------------------------------------------------
// Column mapping

export const CONTACT_IMPORT_FIELDS = [
  'first_name',
  'last_name',
  'full_name',
  'email',
  'phone',
  'mobile',
  'company_name',
  'job_title',
  'address_line1',
  'postal_code',
  'city',
  'country',
  'tags',
  'consent_marketing',
  'processing_basis',
  'notes',
] as const;
export type ContactImportField = (typeof CONTACT_IMPORT_FIELDS)[number];

export const COMPANY_IMPORT_FIELDS = [
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
] as const;
export type CompanyImportField = (typeof COMPANY_IMPORT_FIELDS)[number];

export type ImportField = ContactImportField | CompanyImportField;

/** For each CSV column, the field it fills, or null to ignore the column. */
export type ColumnMapping = readonly (ImportField | null)[];

const COMMON_SYNONYMS = {
  email: ['email', 'e mail', 'courriel', 'mail', 'adresse e mail', 'adresse email', 'adresse mail', 'email address'],
  phone: [
    'telephone',
    'tel',
    'phone',
    'telephone fixe',
    'fixe',
    'tel fixe',
    'telephone professionnel',
    'telephone bureau',
    'standard',
    'phone number',
    'work phone',
    'numero de telephone',
  ],
  address_line1: [
    'adresse',
    'rue',
    'adresse postale',
    'adresse 1',
    'adresse ligne 1',
    'address',
    'street',
    'address line 1',
  ],
  postal_code: ['code postal', 'cp', 'postal code', 'zip', 'zip code', 'postcode'],
  city: ['ville', 'commune', 'localite', 'city', 'town'],
  country: ['pays', 'country'],
  tags: ['etiquettes', 'etiquette', 'tags', 'tag', 'mots cles', 'labels', 'categories', 'segments'],
  notes: ['notes', 'note', 'commentaire', 'commentaires', 'remarques', 'observations', 'comments', 'description'],
} as const;

const SYNONYMS: Readonly<Record<ImportTable, Readonly<Partial<Record<ImportField, readonly string[]>>>>> = {
  contacts: {
    ...COMMON_SYNONYMS,
    first_name: ['prenom', 'first name', 'firstname', 'given name'],
    last_name: ['nom', 'nom de famille', 'last name', 'lastname', 'surname', 'family name'],
    full_name: ['nom complet', 'nom et prenom', 'nom prenom', 'prenom nom', 'full name', 'name', 'contact name'],
    mobile: [
      'portable',
      'mobile',
      'tel portable',
      'telephone portable',
      'telephone mobile',
      'cellulaire',
      'gsm',
      'mobile phone',
      'cell',
      'cell phone',
    ],
    company_name: [
      'societe',
      'entreprise',
      'raison sociale',
      'organisation',
      'compte',
      'employeur',
      'nom de l entreprise',
      'nom de la societe',
      'company',
      'company name',
      'organization',
      'account',
    ],
    job_title: ['fonction', 'poste', 'titre', 'intitule du poste', 'job title', 'title', 'role', 'position'],
    consent_marketing: [
      'consentement marketing',
      'consentement',
      'opt in',
      'optin',
      'newsletter',
      'marketing consent',
      'accepte marketing',
    ],
    processing_basis: ['base legale', 'base juridique', 'fondement', 'processing basis', 'legal basis'],
  },
  companies: {
    ...COMMON_SYNONYMS,
    name: [
      'raison sociale',
      'nom',
      'societe',
      'entreprise',
      'denomination',
      'nom de l entreprise',
      'nom de la societe',
      'organisation',
      'company',
      'company name',
      'name',
      'organization',
    ],
    siren: ['siren', 'numero siren', 'n siren', 'no siren'],
    siret: ['siret', 'numero siret', 'n siret', 'no siret'],
    vat_number: [
      'tva',
      'n tva',
      'no tva',
      'numero de tva',
      'numero tva',
      'tva intracommunautaire',
      'n tva intracommunautaire',
      'vat',
      'vat number',
      'vat id',
    ],
    website: ['site web', 'site', 'site internet', 'web', 'url', 'website'],
    address_line2: ['complement d adresse', 'complement', 'adresse 2', 'adresse ligne 2', 'address line 2'],
    sector: ['secteur', 'secteur d activite', 'activite', 'sector', 'industry'],
    size: ['effectif', 'taille', 'tranche d effectif', 'nombre de salaries', 'size', 'employees'],
  },
};

/** A header as compared with synonyms: folded, punctuation and "°" gone ("N° TVA" → "n tva"). */
function foldHeader(header: string): string {
  return foldText(header.replace(/°/g, ' ')).replace(/[.@+]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Proposes a field per column from French and English header names; each field used once. */
export function guessMapping(headers: readonly string[], table: ImportTable): ColumnMapping {
  const synonyms = Object.entries(SYNONYMS[table]) as [ImportField, readonly string[]][];
  const mapping: (ImportField | null)[] = headers.map(() => null);
  const used = new Set<ImportField>();
  const folded = headers.map(foldHeader);
  // Exact names first, then headers that contain a known name ("Adresse de facturation").
  folded.forEach((header, column) => {
    const match = synonyms.find(([field, names]) => !used.has(field) && names.includes(header));
    if (match) {
      mapping[column] = match[0];
      used.add(match[0]);
    }
  });
  const byLength = synonyms
    .flatMap(([field, names]) => names.map((name) => ({ field, name })))
    .sort((a, b) => b.name.length - a.name.length);
  folded.forEach((header, column) => {
    if (mapping[column] !== null || header === '') return;
    const match = byLength.find(({ field, name }) => !used.has(field) && ` ${header} `.includes(` ${name} `));
    if (match) {
      mapping[column] = match.field;
      used.add(match.field);
    }
  });
  return mapping;
}

// ---------------------------------------------------------------------------------------------
// Row validation

/** One problem of a row: the field and a rule key the UI translates (`import.rules.<rule>`). */
export type ImportIssue = { readonly field: string; readonly rule: string };

export type ContactImportValues = z.output<typeof contactCreateSchema>;
export type CompanyImportValues = z.output<typeof companyCreateSchema>;

export type ImportDuplicate<R extends string> = {
  readonly id: string;
  readonly row: Readonly<Record<string, unknown>>;
  readonly score: number;
  readonly reasons: R[];
};

export type ImportRowResult<V, R extends string> = {
  /** Spreadsheet line number (the header is line 1). */
  readonly rowNumber: number;
  /** The validated values, or null when the row has errors. */
  readonly values: V | null;
  readonly errors: ImportIssue[];
  /** Contacts: the company to link, existing (id) or to create (name). */
  readonly company: { readonly id: string } | { readonly name: string } | null;
  /** Existing rows this one likely duplicates, best first. */
  readonly duplicates: ImportDuplicate<R>[];
  /** An earlier valid row of the same file this one likely duplicates. */
  readonly duplicateOfRow: number | null;
};

export type ContactImportRow = ImportRowResult<ContactImportValues, DuplicateReason>;
export type CompanyImportRow = ImportRowResult<CompanyImportValues, CompanyDuplicateReason>;

type IdRow = { readonly id: string };

export type ImportContext = {
  /** Existing contacts (buildDuplicateIndex over the replica). */
  readonly contactIndex?: ContactDuplicateIndex<ContactKeys & IdRow>;
  /** Existing companies (buildCompanyDuplicateIndex): duplicates and linking contacts by company name. */
  readonly companyIndex?: CompanyDuplicateIndex<CompanyKeys & IdRow>;
  /** Values every imported row starts from (owner_id of the importing user, a campaign tag…). */
  readonly defaults?: Readonly<Record<string, unknown>>;
};

export type ImportProgressOptions = {
  /** Called after each chunk with rows done and total; done only grows. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Rows per chunk between two yields to the event loop (default 2,000). */
  readonly chunkSize?: number;
  /** Stops between chunks (an AbortSignal fits). */
  readonly signal?: { readonly aborted: boolean };
  /** Duplicate threshold (default 0.75). */
  readonly threshold?: number;
};

const COUNTRY_CODES: Readonly<Record<string, string>> = {
  france: 'FR',
  belgique: 'BE',
  belgium: 'BE',
  suisse: 'CH',
  switzerland: 'CH',
  luxembourg: 'LU',
  monaco: 'MC',
  allemagne: 'DE',
  germany: 'DE',
  espagne: 'ES',
  spain: 'ES',
  italie: 'IT',
  italy: 'IT',
  portugal: 'PT',
  'pays bas': 'NL',
  netherlands: 'NL',
  'royaume uni': 'GB',
  'united kingdom': 'GB',
  uk: 'GB',
  canada: 'CA',
  'etats unis': 'US',
  usa: 'US',
  'united states': 'US',
};

const TRUE_WORDS = new Set([
  'oui',
  'o',
  'yes',
  'y',
  'true',
  'vrai',
  '1',
  'x',
  BOOLEAN_LABELS.fr[0],
  BOOLEAN_LABELS.en[0],
]);
const FALSE_WORDS = new Set(['non', 'n', 'no', 'false', 'faux', '0', BOOLEAN_LABELS.fr[1], BOOLEAN_LABELS.en[1]]);

const PROCESSING_BASIS_BY_LABEL = new Map<string, ProcessingBasis>();
for (const locale of Object.keys(PROCESSING_BASIS_LABELS) as CsvLocale[]) {
  for (const [key, label] of Object.entries(PROCESSING_BASIS_LABELS[locale])) {
    PROCESSING_BASIS_BY_LABEL.set(foldText(label), key as ProcessingBasis);
    PROCESSING_BASIS_BY_LABEL.set(foldText(key.replace(/_/g, ' ')), key as ProcessingBasis);
  }
}

/** "DUPONT Jean" / "Jean Dupont" → first and last name (French habit: the surname in capitals). */
export function splitFullName(fullName: string): { first_name: string | null; last_name: string | null } {
  const words = fullName.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { first_name: null, last_name: null };
  if (words.length === 1) return { first_name: null, last_name: words[0] ?? null };
  const isCapitals = (w: string) => w.length > 1 && w === w.toUpperCase() && w !== w.toLowerCase();
  const capitals = words.filter(isCapitals);
  if (capitals.length > 0 && capitals.length < words.length) {
    return { first_name: words.filter((w) => !isCapitals(w)).join(' '), last_name: capitals.join(' ') };
  }
  return { first_name: words.slice(0, -1).join(' '), last_name: words.at(-1) ?? null };
}

function splitTags(cell: string): string[] {
  return cell
    .split(/[,;|]/)
    .map((t) => t.trim())
    .filter(Boolean);
}

/** Cell → value the schema reads; an issue when the cell cannot be read at all. */
function readCell(field: ImportField, cell: string): { value: unknown } | { rule: string } {
  switch (field) {
    case 'tags':
      return { value: splitTags(cell) };
    case 'consent_marketing': {
      const word = foldText(cell);
      if (TRUE_WORDS.has(word)) return { value: true };
      if (FALSE_WORDS.has(word)) return { value: false };
      return { rule: 'boolean' };
    }
    case 'processing_basis': {
      const basis = PROCESSING_BASIS_BY_LABEL.get(foldText(cell));
      return basis ? { value: basis } : { rule: 'processing_basis' };
    }
    case 'country': {
      if (/^[a-z]{2}$/i.test(cell)) return { value: cell };
      const code = COUNTRY_CODES[foldText(cell)];
      return code ? { value: code } : { rule: 'country' };
    }
    default:
      return { value: cell };
  }
}

/** A zod issue → the rule key shown to the user. */
function getRuleKey(issue: { code: string; message: string; origin?: unknown }): string {
  switch (issue.code) {
    case 'custom':
      return issue.message;
    case 'too_big':
      return issue.origin === 'array' ? 'too_many' : 'too_long';
    case 'too_small':
      return 'required';
    case 'invalid_value':
      return 'invalid_option';
    case 'invalid_format':
      return 'format';
    default:
      return 'invalid';
  }
}

type RowDraft = { raw: Record<string, unknown>; errors: ImportIssue[]; companyName: string | null };

function buildRowDraft(
  row: readonly string[],
  mapping: ColumnMapping,
  defaults: Readonly<Record<string, unknown>>,
): RowDraft {
  const raw: Record<string, unknown> = { ...defaults };
  const errors: ImportIssue[] = [];
  let companyName: string | null = null;
  let fullName: string | null = null;
  mapping.forEach((field, column) => {
    if (field === null) return;
    const cell = restoreFormula(row[column] ?? '').trim();
    if (cell === '') return;
    if (field === 'company_name') companyName = cell;
    else if (field === 'full_name') fullName = cell;
    else {
      const read = readCell(field, cell);
      if ('rule' in read) errors.push({ field, rule: read.rule });
      else raw[field] = read.value;
    }
  });
  if (fullName !== null && raw.first_name === undefined && raw.last_name === undefined) {
    const { first_name, last_name } = splitFullName(fullName);
    if (first_name) raw.first_name = first_name;
    if (last_name) raw.last_name = last_name;
  }
  return { raw, errors, companyName };
}

const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => {
    // setTimeout exists in every runtime we target; shared/ is typed without DOM or Node globals.
    const timers = globalThis as unknown as { setTimeout?: (callback: () => void, ms: number) => unknown };
    if (timers.setTimeout) timers.setTimeout(resolve, 0);
    else resolve();
  });

async function runInChunks(total: number, opts: ImportProgressOptions, step: (i: number) => void): Promise<void> {
  const chunkSize = Math.max(1, opts.chunkSize ?? 2000);
  for (let start = 0; start < total; start += chunkSize) {
    if (opts.signal?.aborted) throw new Error('import_aborted');
    const end = Math.min(total, start + chunkSize);
    for (let i = start; i < end; i += 1) step(i);
    opts.onProgress?.(end, total);
    if (end < total) await yieldToEventLoop();
  }
  if (total === 0) opts.onProgress?.(0, 0);
}

type ZodIssueLike = { code: string; message: string; path: PropertyKey[]; origin?: unknown };

function collectIssues(issues: readonly ZodIssueLike[]): ImportIssue[] {
  return issues.map((issue) => ({ field: String(issue.path[0] ?? 'row'), rule: getRuleKey(issue) }));
}

/** Validates mapped contact rows, links companies by name and finds duplicates; chunked. */
export async function validateContactImportRows(
  rows: readonly (readonly string[])[],
  mapping: ColumnMapping,
  ctx: ImportContext = {},
  opts: ImportProgressOptions = {},
): Promise<ContactImportRow[]> {
  const threshold = opts.threshold ?? DEFAULT_DUPLICATE_THRESHOLD;
  const fileIndex = createDuplicateIndex<ContactKeys & IdRow & { rowNumber: number }>();
  const results: ContactImportRow[] = [];
  await runInChunks(rows.length, opts, (i) => {
    const rowNumber = i + 2;
    const draft = buildRowDraft(rows[i] ?? [], mapping, ctx.defaults ?? {});
    let company: ContactImportRow['company'] = null;
    if (draft.companyName !== null) {
      const existing = ctx.companyIndex && findCompanyByName(ctx.companyIndex, draft.companyName);
      company = existing ? { id: existing.id } : { name: draft.companyName };
      if (existing) draft.raw.company_id = existing.id;
    }
    const parsed = contactCreateSchema.safeParse(draft.raw);
    const errors = [...draft.errors, ...(parsed.success ? [] : collectIssues(parsed.error.issues))];
    if (!parsed.success || errors.length > 0) {
      results.push({ rowNumber, values: null, errors, company, duplicates: [], duplicateOfRow: null });
      return;
    }
    const values = parsed.data;
    // A company still to create gets a stand-in id so rows of the same new company reinforce each other.
    const companyKey = company && 'name' in company ? `new:${getCompanyNameKey(company.name)}` : values.company_id;
    const candidate = { ...values, company_id: companyKey ?? null };
    const duplicates = ctx.contactIndex
      ? findContactDuplicatesIn(ctx.contactIndex, candidate, { threshold }).map((m) => ({
          id: m.row.id,
          row: m.row as Readonly<Record<string, unknown>>,
          score: m.score,
          reasons: m.reasons,
        }))
      : [];
    const inFile = findContactDuplicatesIn(fileIndex, candidate, { threshold, limit: 1 })[0];
    addToDuplicateIndex(fileIndex, { ...candidate, id: `row:${rowNumber}`, rowNumber });
    results.push({
      rowNumber,
      values,
      errors: [],
      company,
      duplicates,
      duplicateOfRow: inFile?.row.rowNumber ?? null,
    });
  });
  return results;
}

/** Validates mapped company rows and finds duplicates (SIREN, name, website…); chunked. */
export async function validateCompanyImportRows(
  rows: readonly (readonly string[])[],
  mapping: ColumnMapping,
  ctx: ImportContext = {},
  opts: ImportProgressOptions = {},
): Promise<CompanyImportRow[]> {
  const threshold = opts.threshold ?? DEFAULT_DUPLICATE_THRESHOLD;
  const fileIndex = createCompanyDuplicateIndex<CompanyKeys & IdRow & { rowNumber: number }>();
  const results: CompanyImportRow[] = [];
  await runInChunks(rows.length, opts, (i) => {
    const rowNumber = i + 2;
    const draft = buildRowDraft(rows[i] ?? [], mapping, ctx.defaults ?? {});
    const parsed = companyCreateSchema.safeParse(draft.raw);
    const errors = [...draft.errors, ...(parsed.success ? [] : collectIssues(parsed.error.issues))];
    if (!parsed.success || errors.length > 0) {
      results.push({ rowNumber, values: null, errors, company: null, duplicates: [], duplicateOfRow: null });
      return;
    }
    const values = parsed.data;
    const duplicates = ctx.companyIndex
      ? findCompanyDuplicatesIn(ctx.companyIndex, values, { threshold }).map((m) => ({
          id: m.row.id,
          row: m.row as Readonly<Record<string, unknown>>,
          score: m.score,
          reasons: m.reasons,
        }))
      : [];
    const inFile = findCompanyDuplicatesIn(fileIndex, values, { threshold, limit: 1 })[0];
    addToCompanyDuplicateIndex(fileIndex, { ...values, id: `row:${rowNumber}`, rowNumber });
    results.push({
      rowNumber,
      values,
      errors: [],
      company: null,
      duplicates,
      duplicateOfRow: inFile?.row.rowNumber ?? null,
    });
  });
  return results;
}

/** Either table's validation, by name (the import screen holds the table as data). */
export function validateImportRows(
  rows: readonly (readonly string[])[],
  mapping: ColumnMapping,
  table: 'contacts',
  ctx?: ImportContext,
  opts?: ImportProgressOptions,
): Promise<ContactImportRow[]>;
export function validateImportRows(
  rows: readonly (readonly string[])[],
  mapping: ColumnMapping,
  table: 'companies',
  ctx?: ImportContext,
  opts?: ImportProgressOptions,
): Promise<CompanyImportRow[]>;
export function validateImportRows(
  rows: readonly (readonly string[])[],
  mapping: ColumnMapping,
  table: ImportTable,
  ctx: ImportContext = {},
  opts: ImportProgressOptions = {},
): Promise<ContactImportRow[] | CompanyImportRow[]> {
  return table === 'contacts'
    ? validateContactImportRows(rows, mapping, ctx, opts)
    : validateCompanyImportRows(rows, mapping, ctx, opts);
}

// ---------------------------------------------------------------------------------------------
// Plan

/** What to do with a row that looks like an existing record. */
export type DuplicatePolicy = 'merge' | 'skip' | 'create';

export type ImportPlanOptions = {
  /** Default 'merge'. */
  readonly duplicatePolicy?: DuplicatePolicy;
  /** Score from which a row is merged into an existing record (default 0.9: e-mail or phone agree). */
  readonly mergeScore?: number;
};

export type ImportStatus = 'created' | 'merged' | 'rejected';

export type ImportOutcome = {
  readonly rowNumber: number;
  readonly status: ImportStatus;
  /** Merged into this existing record… */
  readonly targetId: string | null;
  /** …or into the record created from this earlier row of the file. */
  readonly targetRow: number | null;
  /** Why rejected; for created rows, a possible duplicate left to the user ('possible_duplicate'). */
  readonly reasons: ImportIssue[];
};

export type ImportCreate<V> = {
  readonly rowNumber: number;
  values: V;
  /** Contacts: a company that does not exist yet, to create first and link. */
  readonly companyName: string | null;
  /** Rows of the file folded into this one. */
  readonly mergedRows: number[];
  /** Existing records it resembles without reaching the merge score. */
  readonly possibleDuplicateIds: string[];
};

export type ImportMerge<V> = {
  readonly rowNumber: number;
  readonly targetId: string;
  /** Only the fields that were empty on the existing record, plus new tags. */
  patch: V;
  readonly companyName: string | null;
  readonly mergedRows: number[];
};

export type ImportPlan<V> = {
  readonly create: ImportCreate<V>[];
  readonly merge: ImportMerge<V>[];
  readonly reject: { readonly rowNumber: number; readonly reasons: ImportIssue[] }[];
  /** Distinct new company names (contacts import), to create before the contacts. */
  readonly companiesToCreate: string[];
  /** One per row, in file order: what the report lists. */
  readonly outcomes: ImportOutcome[];
  readonly summary: { readonly created: number; readonly merged: number; readonly rejected: number };
};

function unionTags(base: readonly string[], extra: readonly string[]): string[] {
  const seen = new Set(base.map((t) => t.toLocaleLowerCase('fr')));
  const out = [...base];
  for (const tag of extra) {
    const key = tag.toLocaleLowerCase('fr');
    if (seen.has(key) || out.length >= MAX_TAGS) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
}

/**
 * Fields of `incoming` that fill a gap of `base`: an existing value always wins (the same rule as
 * merge.ts), tags and custom field keys are added. Consent and legal basis are never empty on a
 * stored record, so an import never changes them on an existing contact.
 */
function buildFillPatch(
  base: Readonly<Record<string, unknown>>,
  incoming: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(incoming)) {
    if (isEmptyValue(value)) continue;
    const current = base[field];
    if (field === 'tags') {
      const currentTags = (current as readonly string[] | undefined) ?? [];
      const tags = unionTags(currentTags, value as string[]);
      if (tags.length > currentTags.length) patch.tags = tags;
    } else if (field === 'custom_fields') {
      const merged: Record<string, CustomFieldValue> = {
        ...((current as Record<string, CustomFieldValue> | undefined) ?? {}),
      };
      let isChanged = false;
      for (const [key, v] of Object.entries(value as Record<string, CustomFieldValue>)) {
        if (!isEmptyValue(merged[key]) || Object.keys(merged).length >= MAX_CUSTOM_FIELDS) continue;
        merged[key] = v;
        isChanged = true;
      }
      if (isChanged) patch.custom_fields = merged;
    } else if (isEmptyValue(current)) {
      patch[field] = value;
    }
  }
  return patch;
}

/** Decides per valid row: create, merge into an existing record or an earlier row, or reject. */
export function planImport<V extends Readonly<Record<string, unknown>>, R extends string>(
  results: readonly ImportRowResult<V, R>[],
  opts: ImportPlanOptions = {},
): ImportPlan<V> {
  const policy = opts.duplicatePolicy ?? 'merge';
  const mergeScore = opts.mergeScore ?? 0.9;
  const create: ImportCreate<V>[] = [];
  const merge: ImportMerge<V>[] = [];
  const reject: { rowNumber: number; reasons: ImportIssue[] }[] = [];
  const outcomes: ImportOutcome[] = [];
  const companies = new Map<string, string>();
  // The existing record each merge targets: later rows of the file fill only what it lacks.
  const mergeBase = new Map<ImportMerge<V>, Readonly<Record<string, unknown>>>();
  // Where each accepted row went, so later duplicates in the file follow it.
  const fate = new Map<number, { create: ImportCreate<V> } | { merge: ImportMerge<V> } | { rejected: true }>();

  const rejectRow = (rowNumber: number, reasons: ImportIssue[]) => {
    reject.push({ rowNumber, reasons });
    outcomes.push({ rowNumber, status: 'rejected', targetId: null, targetRow: null, reasons });
    fate.set(rowNumber, { rejected: true });
  };
  const noteCompany = (name: string | null) => {
    if (name === null) return;
    const key = getCompanyNameKey(name);
    if (!companies.has(key)) companies.set(key, name);
  };

  for (const result of results) {
    const { rowNumber, values } = result;
    if (values === null) {
      rejectRow(rowNumber, result.errors);
      continue;
    }
    const companyName = result.company && 'name' in result.company ? result.company.name : null;
    const earlier = result.duplicateOfRow === null ? undefined : fate.get(result.duplicateOfRow);
    if (earlier && policy !== 'create') {
      if ('rejected' in earlier || policy === 'skip') {
        rejectRow(rowNumber, [{ field: 'row', rule: 'duplicate_in_file' }]);
        continue;
      }
      const target = 'create' in earlier ? earlier.create : earlier.merge;
      if ('create' in earlier) {
        earlier.create.values = { ...earlier.create.values, ...buildFillPatch(earlier.create.values, values) };
      } else {
        const patch = earlier.merge.patch;
        const base = { ...mergeBase.get(earlier.merge), ...patch };
        earlier.merge.patch = { ...patch, ...buildFillPatch(base, values) } as V;
      }
      target.mergedRows.push(rowNumber);
      const targetId = 'merge' in earlier ? earlier.merge.targetId : null;
      outcomes.push({ rowNumber, status: 'merged', targetId, targetRow: target.rowNumber, reasons: [] });
      fate.set(rowNumber, earlier);
      continue;
    }
    const best = result.duplicates[0];
    if (best && policy === 'merge' && best.score >= mergeScore) {
      const entry: ImportMerge<V> = {
        rowNumber,
        targetId: best.id,
        patch: buildFillPatch(best.row, values) as V,
        companyName: null,
        mergedRows: [],
      };
      // Link a new company only when the existing contact has none.
      if (companyName !== null && isEmptyValue(best.row.company_id)) {
        (entry as { companyName: string | null }).companyName = companyName;
        noteCompany(companyName);
      }
      merge.push(entry);
      mergeBase.set(entry, best.row);
      outcomes.push({ rowNumber, status: 'merged', targetId: best.id, targetRow: null, reasons: [] });
      fate.set(rowNumber, { merge: entry });
      continue;
    }
    if (best && policy === 'skip') {
      rejectRow(rowNumber, [{ field: 'row', rule: 'duplicate' }]);
      continue;
    }
    const entry: ImportCreate<V> = {
      rowNumber,
      values,
      companyName,
      mergedRows: [],
      possibleDuplicateIds: result.duplicates.map((d) => d.id),
    };
    noteCompany(companyName);
    create.push(entry);
    const reasons = entry.possibleDuplicateIds.length > 0 ? [{ field: 'row', rule: 'possible_duplicate' }] : [];
    outcomes.push({ rowNumber, status: 'created', targetId: null, targetRow: null, reasons });
    fate.set(rowNumber, { create: entry });
  }
  // A merge whose patch ended up empty still counts as merged: the row's data is already there.
  return {
    create,
    merge,
    reject,
    companiesToCreate: [...companies.values()],
    outcomes,
    summary: {
      created: create.length,
      merged: outcomes.filter((o) => o.status === 'merged').length,
      rejected: reject.length,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Report

export type ImportReportOptions = {
  /**
   * Translates a key: `import.report.<row|status|target|reasons>`, `import.status.<status>`,
   * `import.rules.<rule>`. Without it the report carries the keys' last part (English-like).
   */
  readonly translate?: (key: string) => string;
  /** Field labels come from the CSV headers of this locale (default 'fr'). */
  readonly locale?: CsvLocale;
  readonly delimiter?: string;
};

/** The per-row result as a CSV to download: line, status, target, reasons. */
export function buildImportReportCsv(
  plan: Pick<ImportPlan<unknown>, 'outcomes'>,
  opts: ImportReportOptions = {},
): string {
  const translate = opts.translate ?? ((key: string) => key.slice(key.lastIndexOf('.') + 1));
  const labels = CSV_HEADERS[opts.locale ?? 'fr'] as Readonly<Record<string, string>>;
  const data = [...plan.outcomes]
    .sort((a, b) => a.rowNumber - b.rowNumber)
    .map((outcome) => [
      String(outcome.rowNumber),
      translate(`import.status.${outcome.status}`),
      outcome.targetId ?? (outcome.targetRow === null ? '' : `#${outcome.targetRow}`),
      outcome.reasons
        .map((r) => {
          const rule = translate(`import.rules.${r.rule}`);
          return r.field === 'row' ? rule : `${labels[r.field] ?? r.field}: ${rule}`;
        })
        .join(' | '),
    ]);
  const fields = ['row', 'status', 'target', 'reasons'].map((k) => translate(`import.report.${k}`));
  // Values here are our own keys and labels, but a translation could start with "-": stay safe.
  const safe = data.map((cells) => cells.map((cell) => neutraliseFormula(cell)));
  return `\uFEFF${Papa.unparse({ fields, data: safe }, { delimiter: opts.delimiter ?? ';', newline: '\r\n' })}\r\n`;
}
