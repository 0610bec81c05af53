/**
 * private.compute_document_totals (SQL, used by finalise_document) against shared/invoicing's
 * computeDocumentTotals (TS, used by the PWA for drafts and the PDF) on many random documents:
 * quantities in thousandths, line and document discounts (percent and amount), every French rate
 * and exempt lines. Both must give the same cents, group by group.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  VAT_EXEMPTIONS,
  VAT_RATES_BP,
  computeDocumentTotals,
  type Discount,
  type InvoiceLine,
} from '../../shared/invoicing/index.ts';
import { getStack } from '../local/test/stack-info.ts';

const stack = getStack();
let db: pg.Client;

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack.superuserUrl });
  await db.connect();
});
afterAll(async () => {
  await db.end();
});

/** Deterministic PRNG (mulberry32) so a failure replays. */
function createRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function buildDocument(random: () => number): { lines: InvoiceLine[]; document_discount: Discount | null } {
  const int = (max: number) => Math.floor(random() * (max + 1));
  const pick = <T>(items: readonly T[]): T => items[int(items.length - 1)]!;
  const discount = (base: number): Discount | null => {
    const r = random();
    if (r < 0.6) return null;
    if (r < 0.8) return { kind: 'percent', basis_points: int(10_000) };
    return { kind: 'amount', cents: int(base) };
  };
  const lines = Array.from({ length: int(8) }, (): InvoiceLine => {
    const rate = pick(VAT_RATES_BP);
    const quantity = pick([1000, 500, 1500, 333, int(100_000), int(5_000_000)]);
    const price = pick([1, 99, 8990, int(100_000), int(10_000_000)]);
    return {
      description: 'Ligne',
      quantity_milli: quantity,
      unit: 'C62',
      unit_price_cents: price,
      discount: discount(Math.round((quantity * price) / 1000)),
      vat_rate_bp: rate,
      vat_exemption: rate === 0 ? pick(VAT_EXEMPTIONS) : null,
      nature: 'services',
    };
  });
  return { lines, document_discount: discount(1_000_000) };
}

describe('SQL totals', () => {
  it('equal computeDocumentTotals on 1000 random documents', async () => {
    const random = createRandom(20261122);
    const documents = Array.from({ length: 1000 }, () => buildDocument(random));
    const { rows } = await db.query<{ totals: unknown }>(
      `select private.compute_document_totals(d -> 'lines', d -> 'document_discount') as totals
         from jsonb_array_elements($1::jsonb) with ordinality as x(d, n) order by n`,
      [JSON.stringify(documents)],
    );
    expect(rows).toHaveLength(documents.length);
    documents.forEach((document, i) => {
      expect(rows[i]?.totals, JSON.stringify(document)).toEqual(computeDocumentTotals(document));
    });
  });

  it('round VAT once per rate, half-up (3 × 0.333 at 20 %)', async () => {
    const lines = [1, 2, 3].map(() => ({ quantity_milli: 1000, unit_price_cents: 33, vat_rate_bp: 2000 }));
    const { rows } = await db.query<{ t: Record<string, unknown> }>(
      'select private.compute_document_totals($1::jsonb, null) as t',
      [JSON.stringify(lines)],
    );
    // 99 cents × 20 % = 19.8 → 20 cents (per line it would be 3 × 7 = 21).
    expect(rows[0]?.t).toMatchObject({ total_ht_cents: 99, total_vat_cents: 20, total_ttc_cents: 119 });
  });
});
