/**
 * FEC (Fichier des Écritures Comptables, LPF A47 A-1) export of the sales journal, for the
 * accountant to import — the CRM is not the ledger (market-and-french-law.md §b.8), so this file
 * holds the sales journal only: no opening balances, no receipts journal yet.
 *
 * One entry per finalised document, numbered continuously in chronological order of validation:
 *   invoice          D 411 client (net due)  | C 706 services / 707 goods (HT, per nature) | C 44571x VAT per rate
 *   deposit invoice  D 411 client (TTC)      | C 4191 deposits received (HT)               | C 44571x VAT per rate
 *   deposit deducted D 4191 (HT) + D 44571x (VAT) on the final invoice, so 411 only carries what is still due
 *   credit note      the same lines with debit and credit swapped.
 * Every entry balances (tested). Amounts use the French decimal comma, dates AAAAMMJJ, fields are
 * tab-separated with the 18 mandatory columns in order, lines end with CRLF.
 * Credit notes are posted as reversed entries (not negative amounts): accountants' import tools
 * and Test Compta Demat expect positive debits/credits.
 */
import Papa from 'papaparse';
import { allocateProportionally, formatBasisPoints, formatCentsDecimal, formatCentsFrench } from './money.ts';
import { DOCUMENT_TITLES } from './messages.ts';
import type { Buyer, InvoiceDocument } from './model.ts';
import { computeDocumentTotals, getVatGroupKey, signAmount } from './totals.ts';

export const FEC_COLUMNS = [
  'JournalCode',
  'JournalLib',
  'EcritureNum',
  'EcritureDate',
  'CompteNum',
  'CompteLib',
  'CompAuxNum',
  'CompAuxLib',
  'PieceRef',
  'PieceDate',
  'EcritureLib',
  'Debit',
  'Credit',
  'EcritureLet',
  'DateLet',
  'ValidDate',
  'Montantdevise',
  'Idevise',
] as const;

export type FecAccounts = {
  customer: string;
  services: string;
  goods: string;
  deposits: string;
  /** VAT collected, one account per rate in basis points (all under 44571). */
  vat: Record<number, string>;
};

export const DEFAULT_FEC_ACCOUNTS: FecAccounts = {
  customer: '411000',
  services: '706000',
  goods: '707000',
  deposits: '419100',
  vat: { 2000: '445712', 1000: '445711', 550: '445715', 210: '445713' },
};

const ACCOUNT_LABELS: Record<keyof Omit<FecAccounts, 'vat'>, string> = {
  customer: 'Clients',
  services: 'Prestations de services',
  goods: 'Ventes de marchandises',
  deposits: 'Clients - avances et acomptes reçus',
};

export type FecDocument = {
  document: InvoiceDocument;
  buyer: Buyer;
  /** Sub-ledger account of the customer (CompAuxNum), e.g. "C000123". */
  customer_account: string;
  /** Date the document was finalised (ValidDate), YYYY-MM-DD. */
  validated_on: string;
};

export type FecLine = {
  account: string;
  label: string;
  aux_account: string;
  aux_label: string;
  debit_cents: number;
  credit_cents: number;
};

type FecEntry = { source: FecDocument; lines: FecLine[] };

const toFecDate = (isoDate: string): string => isoDate.replace(/-/g, '');
/** Tabs and line breaks would break the flat file; FEC fields are single-line text. */
const sanitise = (text: string): string => text.replace(/[\t\r\n|]+/g, ' ').trim();
const vatLabel = (rateBp: number) => `TVA collectée ${formatBasisPoints(rateBp).replace('.', ',')} %`;

/** The balanced journal lines of one finalised document (debits = credits). */
export function buildFecLines(source: FecDocument, accounts: FecAccounts = DEFAULT_FEC_ACCOUNTS): FecLine[] {
  const { document, buyer } = source;
  const totals = computeDocumentTotals(document);
  const aux = { aux_account: source.customer_account, aux_label: sanitise(buyer.name) };
  const none = { aux_account: '', aux_label: '' };
  // Posted as for an invoice (debit = 1), then swapped for credit notes.
  const raw: { account: string; label: string; aux: typeof aux; debit: number; credit: number }[] = [];
  raw.push({
    account: accounts.customer,
    label: ACCOUNT_LABELS.customer,
    aux,
    debit: totals.amount_due_cents,
    credit: 0,
  });

  for (const deduction of document.deposit_deductions ?? []) {
    raw.push({
      account: accounts.deposits,
      label: ACCOUNT_LABELS.deposits,
      aux: none,
      debit: deduction.ht_cents,
      credit: 0,
    });
    if (deduction.vat_cents > 0) {
      const account = accounts.vat[deduction.vat_rate_bp] ?? accounts.vat[2000] ?? '44571';
      raw.push({ account, label: vatLabel(deduction.vat_rate_bp), aux: none, debit: deduction.vat_cents, credit: 0 });
    }
  }

  // Revenue per nature: each VAT group's base split between goods and services in proportion to
  // the group's line nets, so the document discount lands on both natures like on the invoice.
  const revenue = { goods: 0, services: 0 };
  totals.vat_groups.forEach((group) => {
    const natures = document.lines
      .map((line, i) => ({ line, net: totals.lines[i]?.net_cents ?? 0 }))
      .filter(({ line }) => getVatGroupKey(line) === group.key);
    const goodsNet = natures.filter((n) => n.line.nature === 'goods').reduce((s, n) => s + n.net, 0);
    const servicesNet = natures.filter((n) => n.line.nature === 'services').reduce((s, n) => s + n.net, 0);
    const [goods = 0, services = 0] =
      goodsNet + servicesNet === 0
        ? [0, group.base_cents]
        : allocateProportionally(group.base_cents, [goodsNet, servicesNet]);
    revenue.goods += goods;
    revenue.services += services;
  });
  if (document.kind === 'deposit_invoice') {
    raw.push({
      account: accounts.deposits,
      label: ACCOUNT_LABELS.deposits,
      aux: none,
      debit: 0,
      credit: revenue.goods + revenue.services,
    });
  } else {
    if (revenue.services !== 0)
      raw.push({
        account: accounts.services,
        label: ACCOUNT_LABELS.services,
        aux: none,
        debit: 0,
        credit: revenue.services,
      });
    if (revenue.goods !== 0)
      raw.push({ account: accounts.goods, label: ACCOUNT_LABELS.goods, aux: none, debit: 0, credit: revenue.goods });
  }
  for (const group of totals.vat_groups) {
    if (group.vat_cents === 0) continue;
    const account = accounts.vat[group.vat_rate_bp] ?? '44571';
    raw.push({ account, label: vatLabel(group.vat_rate_bp), aux: none, debit: 0, credit: group.vat_cents });
  }

  const isCredit = document.kind === 'credit_note';
  return raw
    .filter((r) => r.debit !== 0 || r.credit !== 0)
    .map((r) => ({
      account: r.account,
      label: r.label,
      ...r.aux,
      debit_cents: isCredit ? r.credit : r.debit,
      credit_cents: isCredit ? r.debit : r.credit,
    }));
}

/** `SIRENFECAAAAMMJJ.txt`: the SIREN and the closing date of the financial year. */
export function buildFecFileName(siren: string, closingDate: string): string {
  if (!/^\d{9}$/.test(siren)) throw new RangeError('FEC needs the 9-digit SIREN');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(closingDate)) throw new RangeError('closing date must be YYYY-MM-DD');
  return `${siren}FEC${toFecDate(closingDate)}.txt`;
}

/** The FEC file of the sales journal: header + one balanced entry per finalised document. */
export function buildFec(
  documents: readonly FecDocument[],
  siren: string,
  closingDate: string,
  accounts: FecAccounts = DEFAULT_FEC_ACCOUNTS,
): { fileName: string; content: string } {
  const fileName = buildFecFileName(siren, closingDate);
  const entries: FecEntry[] = documents
    .filter((d) => d.document.status === 'final' && d.document.number && d.document.issue_date)
    .slice()
    // Chronological order of validation, then number (numbers are chronological within a series).
    .sort(
      (a, b) =>
        a.validated_on.localeCompare(b.validated_on) ||
        (a.document.number ?? '').localeCompare(b.document.number ?? ''),
    )
    .map((source) => ({ source, lines: buildFecLines(source, accounts) }));
  const rows: string[] = [FEC_COLUMNS.join('\t')];
  entries.forEach((entry, index) => {
    const { document, buyer } = entry.source;
    const number = document.number ?? '';
    const date = toFecDate(document.issue_date ?? '');
    const label = sanitise(`${DOCUMENT_TITLES.fr[document.kind]} ${number} ${buyer.name}`);
    for (const line of entry.lines) {
      rows.push(
        [
          'VE',
          'Journal des ventes',
          String(index + 1),
          date,
          line.account,
          line.label,
          line.aux_account,
          line.aux_label,
          sanitise(number),
          date,
          label,
          formatCentsFrench(line.debit_cents),
          formatCentsFrench(line.credit_cents),
          '',
          '',
          toFecDate(entry.source.validated_on),
          '',
          '',
        ].join('\t'),
      );
    }
  });
  return { fileName, content: `${rows.join('\r\n')}\r\n` };
}

export const INVOICE_CSV_COLUMNS = [
  'number',
  'kind',
  'issue_date',
  'due_date',
  'customer',
  'customer_siren',
  'customer_vat_number',
  'total_ht',
  'total_vat',
  'total_ttc',
  'amount_due',
] as const;

/**
 * CSV list of documents for spreadsheets: one row per document, amounts signed (credit notes
 * negative) so a column sum gives the period's revenue. French: `;` and decimal comma; English: `,`
 * and decimal point. UTF-8 BOM so Excel reads accents (as the CRM exports do).
 */
export function buildInvoicesCsv(
  items: readonly { document: InvoiceDocument; buyer: Buyer }[],
  language: 'fr' | 'en' = 'fr',
): string {
  const money = (cents: number) => (language === 'fr' ? formatCentsFrench(cents) : formatCentsDecimal(cents));
  const rows = items.map(({ document, buyer }) => {
    const totals = computeDocumentTotals(document);
    const sign = (cents: number) => money(signAmount(document.kind, cents));
    // Formula injection: a customer name starting with = + - @ is shown as text.
    const safe = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
    return [
      document.number ?? '',
      DOCUMENT_TITLES[language][document.kind],
      document.issue_date ?? '',
      document.due_date ?? '',
      safe(buyer.name),
      buyer.siren ?? '',
      buyer.vat_number ?? '',
      sign(totals.total_ht_cents),
      sign(totals.total_vat_cents),
      sign(totals.total_ttc_cents),
      sign(totals.amount_due_cents),
    ];
  });
  const csv = Papa.unparse(
    { fields: [...INVOICE_CSV_COLUMNS], data: rows },
    { delimiter: language === 'fr' ? ';' : ',', newline: '\r\n' },
  );
  return `\uFEFF${csv}\r\n`;
}
