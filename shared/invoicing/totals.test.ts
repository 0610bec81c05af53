import { describe, expect, it } from 'vitest';
import {
  allocateProportionally,
  divideRoundHalfUp,
  formatCentsDecimal,
  formatMilli,
  multiplyQuantity,
} from './money.ts';
import type { Discount, InvoiceLine } from './model.ts';
import { computeDocumentTotals, computeLineAmounts, signAmount } from './totals.ts';
import { makeLine } from './test/fixtures.ts';

describe('integer money', () => {
  it.each([
    [5, 10, 1], // 0.5 → 1
    [4, 10, 0],
    [15, 10, 2], // 1.5 → 2
    [-5, 10, -1], // half away from zero
    [-4, 10, 0],
    [0, 7, 0],
    [1, 3, 0],
    [2, 3, 1],
  ])('rounds %i / %i half-up to %i', (n, d, expected) => {
    expect(divideRoundHalfUp(n, d)).toBe(expected);
  });

  it('refuses products beyond 2^53 instead of losing cents', () => {
    expect(() => multiplyQuantity(1e12, 1e9)).toThrow(RangeError);
  });

  it('allocates a total proportionally with parts that always add up', () => {
    expect(allocateProportionally(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateProportionally(1, [3, 3])).toEqual([1, 0]);
    expect(allocateProportionally(0, [0, 0])).toEqual([0, 0]);
    const parts = allocateProportionally(9_999, [3333, 6667, 1, 17]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(9_999);
  });

  it('formats cents and thousandths without float artefacts', () => {
    expect(formatCentsDecimal(-5)).toBe('-0.05');
    expect(formatCentsDecimal(123456)).toBe('1234.56');
    expect(formatMilli(4333)).toBe('4.333');
    expect(formatMilli(1500)).toBe('1.5');
    expect(formatMilli(2000)).toBe('2');
  });
});

describe('line amounts', () => {
  const cases: [string, Partial<InvoiceLine>, number, number][] = [
    ['1 × 89.90', { quantity_milli: 1000, unit_price_cents: 8990 }, 8990, 8990],
    ['0.1 × 0.29 (float would give 0.029000000000000001)', { quantity_milli: 100, unit_price_cents: 29 }, 3, 3],
    ['1.005 × 1.00 rounds half-up to 1.01', { quantity_milli: 1005, unit_price_cents: 100 }, 101, 101],
    ['4.333 l × 11.90', { quantity_milli: 4333, unit_price_cents: 1190 }, 5156, 5156],
    [
      '10 % off 3 × 33.33',
      { quantity_milli: 3000, unit_price_cents: 3333, discount: { kind: 'percent', basis_points: 1000 } },
      9999,
      8999,
    ],
    [
      '€10 off 79.00',
      { quantity_milli: 1000, unit_price_cents: 7900, discount: { kind: 'amount', cents: 1000 } },
      7900,
      6900,
    ],
    ['12.5 % off 0.99', { unit_price_cents: 99, discount: { kind: 'percent', basis_points: 1250 } }, 99, 87],
  ];
  it.each(cases)('%s', (_name, overrides, gross, net) => {
    const amounts = computeLineAmounts(makeLine(overrides));
    expect(amounts.gross_cents).toBe(gross);
    expect(amounts.net_cents).toBe(net);
    expect(amounts.gross_cents - amounts.discount_cents).toBe(net);
  });
});

describe('document totals, VAT per rate', () => {
  type Case = {
    name: string;
    lines: Partial<InvoiceLine>[];
    discount?: Discount;
    groups: [string, number, number][];
    ht: number;
    vat: number;
    ttc: number;
  };
  const cases: Case[] = [
    {
      name: 'rounds VAT once per rate, not per line (3 × 0.33 at 20 %)',
      lines: [{ unit_price_cents: 33 }, { unit_price_cents: 33 }, { unit_price_cents: 33 }],
      groups: [['2000', 99, 20]], // 0.99 × 0.2 = 0.198 → 0.20 (per line would be 3 × 0.07 = 0.21)
      ht: 99,
      vat: 20,
      ttc: 119,
    },
    {
      name: 'four rates and an exempt line',
      lines: [
        { unit_price_cents: 10000 },
        { unit_price_cents: 5005, vat_rate_bp: 1000 },
        { unit_price_cents: 999, vat_rate_bp: 550 },
        { unit_price_cents: 1001, vat_rate_bp: 210 },
        { unit_price_cents: 2500, vat_rate_bp: 0, vat_exemption: 'export' },
      ],
      groups: [
        ['2000', 10000, 2000],
        ['1000', 5005, 501], // 500.5 → 501
        ['550', 999, 55], // 54.945 → 55
        ['210', 1001, 21], // 21.021 → 21
        ['0:export', 2500, 0],
      ],
      ht: 19505,
      vat: 2577,
      ttc: 22082,
    },
    {
      name: 'a 5 % document discount is taken per rate before VAT',
      lines: [{ unit_price_cents: 10001 }, { unit_price_cents: 3333, vat_rate_bp: 1000 }],
      discount: { kind: 'percent', basis_points: 500 },
      groups: [
        ['2000', 9501, 1900], // 10001 − 500 (500.05 → 500); 1900.2 → 1900
        ['1000', 3166, 317], // 3333 − 167 (166.65 → 167); 316.6 → 317
      ],
      ht: 12667,
      vat: 2217,
      ttc: 14884,
    },
    {
      name: 'a fixed document discount is spread over the rates by their weight',
      lines: [{ unit_price_cents: 30000 }, { unit_price_cents: 10000, vat_rate_bp: 550 }],
      discount: { kind: 'amount', cents: 1001 },
      groups: [
        ['2000', 29249, 5850], // 750.75 → 751 (largest remainder)
        ['550', 9750, 536], // 250.25 → 250; 536.25 → 536
      ],
      ht: 38999,
      vat: 6386,
      ttc: 45385,
    },
    {
      name: 'only 0 % lines under the franchise',
      lines: [{ unit_price_cents: 12345, vat_rate_bp: 0, vat_exemption: 'franchise_293b' }],
      groups: [['0:franchise_293b', 12345, 0]],
      ht: 12345,
      vat: 0,
      ttc: 12345,
    },
  ];
  it.each(cases)('$name', ({ lines, discount, groups, ht, vat, ttc }) => {
    const totals = computeDocumentTotals({
      lines: lines.map((l) => makeLine(l)),
      document_discount: discount ?? null,
      deposit_deductions: [],
    });
    expect(totals.vat_groups.map((g) => [g.key, g.base_cents, g.vat_cents])).toEqual(groups);
    expect(totals.total_ht_cents).toBe(ht);
    expect(totals.total_vat_cents).toBe(vat);
    expect(totals.total_ttc_cents).toBe(ttc);
    expect(totals.amount_due_cents).toBe(ttc);
    for (const g of totals.vat_groups) expect(Number.isInteger(g.vat_cents)).toBe(true);
  });

  it('deducts paid deposits from the amount due but not from the totals', () => {
    const totals = computeDocumentTotals({
      lines: [makeLine({ unit_price_cents: 100000 })],
      deposit_deductions: [
        {
          invoice_number: 'AC-2026-0001',
          issue_date: '2026-02-01',
          vat_rate_bp: 2000,
          ht_cents: 30000,
          vat_cents: 6000,
        },
      ],
    });
    expect(totals.total_ttc_cents).toBe(120000);
    expect(totals.deposits_ttc_cents).toBe(36000);
    expect(totals.amount_due_cents).toBe(84000);
  });

  it('keeps credit note amounts positive and signs them only for the ledger', () => {
    const totals = computeDocumentTotals({ lines: [makeLine({ unit_price_cents: 2000 })] });
    expect(totals.total_ttc_cents).toBe(2400);
    expect(signAmount('credit_note', totals.total_ttc_cents)).toBe(-2400);
    expect(signAmount('invoice', totals.total_ttc_cents)).toBe(2400);
  });
});
