import { describe, expect, it } from 'vitest';
import { buildFec, buildFecLines, buildInvoicesCsv, FEC_COLUMNS } from './fec.ts';
import type { FecDocument } from './fec.ts';
import {
  BUSINESS_BUYER,
  CREDIT_NOTE,
  DISCOUNTED,
  EU_BUYER,
  EXEMPT,
  makeDocument,
  makeLine,
  MULTI_RATE,
} from './test/fixtures.ts';

const MONTH: FecDocument[] = [
  { document: DISCOUNTED, buyer: BUSINESS_BUYER, customer_account: 'C0001', validated_on: '2026-03-16' },
  { document: MULTI_RATE, buyer: BUSINESS_BUYER, customer_account: 'C0001', validated_on: '2026-03-15' },
  { document: CREDIT_NOTE, buyer: BUSINESS_BUYER, customer_account: 'C0001', validated_on: '2026-03-20' },
  { document: EXEMPT, buyer: EU_BUYER, customer_account: 'C0002', validated_on: '2026-03-18' },
  {
    document: makeDocument({
      kind: 'deposit_invoice',
      number: 'AC-2026-0001',
      lines: [makeLine({ unit_price_cents: 30000 })],
    }),
    buyer: BUSINESS_BUYER,
    customer_account: 'C0001',
    validated_on: '2026-03-10',
  },
  {
    document: makeDocument({
      number: '2026-0004',
      lines: [makeLine({ unit_price_cents: 100000 })],
      deposit_deductions: [
        {
          invoice_number: 'AC-2026-0001',
          issue_date: '2026-03-10',
          vat_rate_bp: 2000,
          ht_cents: 30000,
          vat_cents: 6000,
        },
      ],
    }),
    buyer: BUSINESS_BUYER,
    customer_account: 'C0001',
    validated_on: '2026-03-25',
  },
  // Drafts never reach the accounts.
  {
    document: makeDocument({ status: 'draft', number: null }),
    buyer: BUSINESS_BUYER,
    customer_account: 'C0001',
    validated_on: '2026-03-26',
  },
];

const parseCents = (value: string) => Number(value.replace(',', '')) as number;

describe('FEC export of the sales journal', () => {
  const { fileName, content } = buildFec(MONTH, '732829320', '2026-12-31');
  const rows = content
    .split('\r\n')
    .filter(Boolean)
    .map((r) => r.split('\t'));

  it('is named SIRENFECAAAAMMJJ.txt with the 18 columns in order', () => {
    expect(fileName).toBe('732829320FEC20261231.txt');
    expect(rows[0]).toEqual([...FEC_COLUMNS]);
    expect(rows[0]).toHaveLength(18);
    for (const row of rows) expect(row).toHaveLength(18);
    expect(content.endsWith('\r\n')).toBe(true);
  });

  it('balances debits and credits per entry, with a French decimal comma', () => {
    const entries = new Map<string, { debit: number; credit: number }>();
    for (const row of rows.slice(1)) {
      expect(row[11]).toMatch(/^\d+,\d{2}$/);
      expect(row[12]).toMatch(/^\d+,\d{2}$/);
      const sum = entries.get(row[2] ?? '') ?? { debit: 0, credit: 0 };
      sum.debit += parseCents(row[11] ?? '');
      sum.credit += parseCents(row[12] ?? '');
      entries.set(row[2] ?? '', sum);
    }
    expect(entries.size).toBe(6);
    for (const { debit, credit } of entries.values()) {
      expect(debit).toBe(credit);
      expect(debit).toBeGreaterThan(0);
    }
  });

  it('numbers entries continuously in validation order, dates as AAAAMMJJ', () => {
    const firstRows = [...new Map(rows.slice(1).map((r) => [r[2], r])).values()];
    expect(firstRows.map((r) => r[2])).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(firstRows.map((r) => r[8])).toEqual([
      'AC-2026-0001',
      '2026-0001',
      '2026-0002',
      '2026-0003',
      'AV-2026-0001',
      '2026-0004',
    ]);
    expect(firstRows[0]?.[15]).toBe('20260310');
  });

  it('posts 411 / 706-707 / 44571x, reverses credit notes and deposits', () => {
    const multi = buildFecLines(MONTH[1] as FecDocument);
    expect(multi.map((l) => l.account)).toEqual(['411000', '706000', '707000', '445712', '445711', '445715']);
    const credit = buildFecLines(MONTH[2] as FecDocument);
    expect(credit).toEqual([
      expect.objectContaining({ account: '411000', debit_cents: 0, credit_cents: 2400, aux_account: 'C0001' }),
      expect.objectContaining({ account: '706000', debit_cents: 2000, credit_cents: 0 }),
      expect.objectContaining({ account: '445712', debit_cents: 400, credit_cents: 0 }),
    ]);
    const deposit = buildFecLines(MONTH[4] as FecDocument);
    expect(deposit.map((l) => [l.account, l.debit_cents, l.credit_cents])).toEqual([
      ['411000', 36000, 0],
      ['419100', 0, 30000],
      ['445712', 0, 6000],
    ]);
    const final = buildFecLines(MONTH[5] as FecDocument);
    expect(final.map((l) => [l.account, l.debit_cents, l.credit_cents])).toEqual([
      ['411000', 84000, 0],
      ['419100', 30000, 0],
      ['445712', 6000, 0],
      ['706000', 0, 100000],
      ['445712', 0, 20000],
    ]);
  });

  it('refuses a SIREN that is not 9 digits', () => {
    expect(() => buildFec([], '7328', '2026-12-31')).toThrow(RangeError);
  });
});

describe('CSV export of invoices', () => {
  it('signs credit notes negative and uses ; and a decimal comma in French', () => {
    const csv = buildInvoicesCsv([
      { document: makeDocument(), buyer: BUSINESS_BUYER },
      { document: CREDIT_NOTE, buyer: { ...BUSINESS_BUYER, name: '=HYPERLINK("x")' } },
    ]);
    const lines = csv.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]).toBe(
      'number;kind;issue_date;due_date;customer;customer_siren;customer_vat_number;total_ht;total_vat;total_ttc;amount_due',
    );
    expect(lines[1]).toBe(
      '2026-0001;Facture;2026-03-15;2026-04-14;Flotte Services SAS;552100554;FR96552100554;89,90;17,98;107,88;107,88',
    );
    expect(lines[2]).toContain(`;"'=HYPERLINK(""x"")";`);
    expect(lines[2]).toContain(';-20,00;-4,00;-24,00;-24,00');
  });

  it('uses , and a decimal point in English', () => {
    const csv = buildInvoicesCsv([{ document: makeDocument(), buyer: BUSINESS_BUYER }], 'en');
    expect(csv).toContain(
      '2026-0001,Invoice,2026-03-15,2026-04-14,Flotte Services SAS,552100554,FR96552100554,89.90,17.98,107.88,107.88',
    );
  });
});
