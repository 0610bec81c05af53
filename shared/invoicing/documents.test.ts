import { describe, expect, it } from 'vitest';
import {
  SALES_DOCUMENT_DEFAULTS,
  SALES_DOCUMENT_LINE_DEFAULTS,
  SALES_DOCUMENT_SERVER_DEFAULTS,
  SALES_DOCUMENT_WRITABLE_FIELDS,
  isStatusOfKind,
  salesDocumentCreateSchema,
  salesDocumentLineCreateSchema,
  salesDocumentUpdateSchema,
} from './documents.ts';

const DOCUMENT_ID = '0192f0c0-0000-7000-8000-000000000001';

describe('sales documents', () => {
  it('accepts a new draft of every kind with the defaults', () => {
    for (const kind of ['quote', 'invoice', 'credit_note', 'deposit_invoice'] as const) {
      expect(salesDocumentCreateSchema.safeParse({ kind, ...SALES_DOCUMENT_DEFAULTS }).success, kind).toBe(true);
    }
  });

  it('never lets a client finalise or give a kind a status it does not have', () => {
    expect(salesDocumentCreateSchema.safeParse({ kind: 'invoice', status: 'finalised' }).success).toBe(false);
    expect(salesDocumentCreateSchema.safeParse({ kind: 'invoice', status: 'sent' }).success).toBe(false);
    expect(salesDocumentCreateSchema.safeParse({ kind: 'quote', status: 'accepted' }).success).toBe(true);
    expect(salesDocumentUpdateSchema.safeParse({ status: 'finalised' }).success).toBe(false);
    expect(isStatusOfKind('credit_note', 'finalised')).toBe(true);
    expect(isStatusOfKind('quote', 'finalised')).toBe(false);
  });

  it('keeps the server columns out of the writable fields', () => {
    for (const field of Object.keys(SALES_DOCUMENT_SERVER_DEFAULTS)) {
      expect(SALES_DOCUMENT_WRITABLE_FIELDS as readonly string[], field).not.toContain(field);
    }
  });

  it('validates lines: units, rates, discounts', () => {
    const line = { document_id: DOCUMENT_ID, position: 0, ...SALES_DOCUMENT_LINE_DEFAULTS };
    expect(salesDocumentLineCreateSchema.safeParse(line).success).toBe(true);
    expect(salesDocumentLineCreateSchema.safeParse({ ...line, unit: 'hour' }).success).toBe(false);
    expect(salesDocumentLineCreateSchema.safeParse({ ...line, vat_rate_bp: 10_001 }).success).toBe(false);
    expect(
      salesDocumentLineCreateSchema.safeParse({ ...line, discount: { kind: 'percent', basis_points: 500 } }).success,
    ).toBe(true);
    expect(salesDocumentLineCreateSchema.safeParse({ ...line, quantity_milli: 1.5 }).success).toBe(false);
  });
});
