import { describe, expect, it } from 'vitest';
import { checkInvoiceMentions, MENTION_CODES } from './mentions.ts';
import type { MentionCode } from './mentions.ts';
import { MENTION_MESSAGES } from './messages.ts';
import type { Buyer, InvoiceDocument, Seller } from './model.ts';
import {
  BUSINESS_BUYER,
  CREDIT_NOTE,
  EU_BUYER,
  EXEMPT,
  makeDocument,
  makeLine,
  PERSON_BUYER,
  SELLER,
} from './test/fixtures.ts';

const codesOf = (document: InvoiceDocument, seller: Seller = SELLER, buyer: Buyer = BUSINESS_BUYER) =>
  checkInvoiceMentions(document, seller, buyer).missing.map((m) => m.code);

describe('checkInvoiceMentions', () => {
  it('accepts a complete B2B invoice, a credit note and an intra-EU invoice', () => {
    expect(checkInvoiceMentions(makeDocument(), SELLER, BUSINESS_BUYER)).toEqual({ ok: true, missing: [] });
    expect(codesOf(CREDIT_NOTE)).toEqual([]);
    expect(codesOf(EXEMPT, SELLER, EU_BUYER)).toEqual([]);
  });

  const cases: [string, Partial<InvoiceDocument>, Partial<Seller>, Partial<Buyer>, MentionCode, string][] = [
    ['no number on a final document', { number: null }, {}, {}, 'DOCUMENT_NUMBER', 'number'],
    ['no issue date', { issue_date: null }, {}, {}, 'ISSUE_DATE', 'issue_date'],
    ['no lines', { lines: [] }, {}, {}, 'LINES', 'lines'],
    [
      'blank description',
      { lines: [makeLine({ description: '  ' })] },
      {},
      {},
      'LINE_DESCRIPTION',
      'lines[0].description',
    ],
    ['zero quantity', { lines: [makeLine({ quantity_milli: 0 })] }, {}, {}, 'LINE_QUANTITY', 'lines[0].quantity_milli'],
    ['a 19.6 % rate', { lines: [makeLine({ vat_rate_bp: 1960 })] }, {}, {}, 'LINE_VAT_RATE', 'lines[0].vat_rate_bp'],
    [
      '0 % without reason',
      { lines: [makeLine({ vat_rate_bp: 0 })] },
      {},
      {},
      'LINE_EXEMPTION_REASON',
      'lines[0].vat_exemption',
    ],
    [
      'a reason on a 20 % line',
      { lines: [makeLine({ vat_exemption: 'export' })] },
      {},
      {},
      'LINE_EXEMPTION_REASON',
      'lines[0].vat_exemption',
    ],
    [
      'a discount above the line',
      { lines: [makeLine({ discount: { kind: 'amount', cents: 999_999 } })] },
      {},
      {},
      'LINE_DISCOUNT',
      'lines[0].discount',
    ],
    ['no seller name', {}, { name: '' }, {}, 'SELLER_NAME', 'seller.name'],
    ['no seller address', {}, { address: null }, {}, 'SELLER_ADDRESS', 'seller.address'],
    ['no SIREN or SIRET', {}, { siren: null, siret: null }, {}, 'SELLER_SIREN', 'seller.siren'],
    ['an invalid SIRET', {}, { siren: null, siret: '73282932000075' }, {}, 'SELLER_SIREN', 'seller.siret'],
    ['no RCS nor RM', {}, { rcs_city: null, rm_department: null }, {}, 'SELLER_REGISTRY', 'seller.rcs_city'],
    ['no legal form', {}, { legal_form: null }, {}, 'SELLER_LEGAL_FORM', 'seller.legal_form'],
    [
      'no share capital for a SARL',
      {},
      { share_capital_cents: null },
      {},
      'SELLER_SHARE_CAPITAL',
      'seller.share_capital_cents',
    ],
    [
      'a sole trader without "EI"',
      {},
      { legal_form: 'EI', share_capital_cents: null, name: 'Jean Dupont' },
      {},
      'SELLER_EI_MENTION',
      'seller.name',
    ],
    ['no seller VAT number', {}, { vat_number: null }, {}, 'SELLER_VAT_NUMBER', 'seller.vat_number'],
    ['no buyer name', {}, {}, { name: '' }, 'BUYER_NAME', 'buyer.name'],
    ['no buyer address', {}, {}, { address: null }, 'BUYER_ADDRESS', 'buyer.address'],
    ['no SIREN for a French business', {}, {}, { siren: null }, 'BUYER_SIREN', 'buyer.siren'],
    ['no VAT number for a business', {}, {}, { vat_number: null }, 'BUYER_VAT_NUMBER', 'buyer.vat_number'],
    ['no due date', { due_date: null }, {}, {}, 'DUE_DATE', 'due_date'],
    ['a 90-day term', { due_date: '2026-06-13' }, {}, {}, 'PAYMENT_TERM_TOO_LONG', 'due_date'],
    [
      'no penalty rate',
      {
        payment_terms: {
          late_penalty_rate_bp: null,
          recovery_indemnity_cents: 4000,
          early_payment_discount: { kind: 'none' },
        },
      },
      {},
      {},
      'LATE_PENALTY_RATE',
      'payment_terms.late_penalty_rate_bp',
    ],
    [
      'no €40 indemnity',
      {
        payment_terms: {
          late_penalty_rate_bp: 1215,
          recovery_indemnity_cents: null,
          early_payment_discount: { kind: 'none' },
        },
      },
      {},
      {},
      'RECOVERY_INDEMNITY',
      'payment_terms.recovery_indemnity_cents',
    ],
    [
      'no escompte mention',
      { payment_terms: { late_penalty_rate_bp: 1215, recovery_indemnity_cents: 4000, early_payment_discount: null } },
      {},
      {},
      'EARLY_PAYMENT_DISCOUNT',
      'payment_terms.early_payment_discount',
    ],
    [
      'goods without a delivery address',
      { operation_category: 'goods', delivery_address: null, lines: [makeLine({ nature: 'goods' })] },
      {},
      {},
      'DELIVERY_ADDRESS',
      'delivery_address',
    ],
    ['no operation category', { operation_category: null }, {}, {}, 'OPERATION_CATEGORY', 'operation_category'],
    ['VAT-on-debits option not stated', { vat_on_debits: null }, {}, {}, 'VAT_ON_DEBITS', 'vat_on_debits'],
    [
      'a credit note without its invoice',
      { kind: 'credit_note', original_invoice: null },
      {},
      {},
      'ORIGINAL_INVOICE',
      'original_invoice',
    ],
    [
      'deposits above the total',
      {
        deposit_deductions: [
          { invoice_number: 'AC-1', issue_date: '2026-01-01', vat_rate_bp: 2000, ht_cents: 100000, vat_cents: 20000 },
        ],
      },
      {},
      {},
      'AMOUNT_DUE_NEGATIVE',
      'deposit_deductions',
    ],
  ];
  it.each(cases)('reports %s', (_name, doc, seller, buyer, code, field) => {
    const result = checkInvoiceMentions(makeDocument(doc), { ...SELLER, ...seller }, { ...BUSINESS_BUYER, ...buyer });
    expect(result.ok).toBe(false);
    expect(result.missing).toEqual([{ code, field }]);
  });

  it('does not ask a consumer for SIREN, VAT number, penalties or the €40 indemnity', () => {
    const document = makeDocument({
      payment_terms: { late_penalty_rate_bp: null, recovery_indemnity_cents: null, early_payment_discount: null },
    });
    expect(codesOf(document, SELLER, PERSON_BUYER)).toEqual([]);
  });

  it('does not ask a franchise seller for a VAT number, and accepts "EI" in the name', () => {
    const seller: Seller = {
      ...SELLER,
      name: 'Jean Dupont EI',
      legal_form: 'EI',
      share_capital_cents: null,
      vat_number: null,
    };
    const document = makeDocument({ lines: [makeLine({ vat_rate_bp: 0, vat_exemption: 'franchise_293b' })] });
    expect(codesOf(document, seller, PERSON_BUYER)).toEqual([]);
  });

  it('requires the buyer VAT number for reverse charge even for a consumer record', () => {
    const document = makeDocument({ lines: [makeLine({ vat_rate_bp: 0, vat_exemption: 'reverse_charge' })] });
    expect(codesOf(document, SELLER, PERSON_BUYER)).toEqual(['BUYER_VAT_NUMBER']);
  });

  it('accepts an RM number instead of an RCS for craftsmen, and a foreign business without SIREN', () => {
    expect(codesOf(makeDocument(), { ...SELLER, rcs_city: null, rm_department: '69' })).toEqual([]);
    expect(codesOf(makeDocument(), SELLER, EU_BUYER)).toEqual([]);
  });

  it('does not require a number on a draft', () => {
    expect(codesOf(makeDocument({ status: 'draft', number: null }))).toEqual([]);
  });

  it('has a French and an English message for every code', () => {
    for (const code of Object.values(MENTION_CODES)) {
      expect(MENTION_MESSAGES.fr[code]).toMatch(/\S/);
      expect(MENTION_MESSAGES.en[code]).toMatch(/\S/);
    }
  });
});
