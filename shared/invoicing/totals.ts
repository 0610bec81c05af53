/**
 * Totals of an invoice, credit note or deposit invoice, in integer cents.
 *
 * Rounding choice (French practice, and what EN 16931 BR-CO-17 checks): each line's net amount is
 * rounded to the cent, then VAT is computed ONCE PER RATE on the sum of that rate's net amounts
 * (after the document discount) and rounded half-up to the cent. Computing VAT per line and adding
 * the rounded results can drift by a cent per line (3 × 0.333… → 3 × 0.07 = 0.21 instead of 0.20);
 * per-rate rounding keeps the invoice's VAT equal to base × rate, which is what the tax office and
 * the Factur-X Schematron recompute.
 *
 * Sign convention: every amount here is positive, credit notes included — the document kind carries
 * the sign (CII TypeCode 381, "Net à déduire" on the PDF). `signAmount` turns an amount into its
 * ledger sign for exports (credit notes negative).
 */
import { allocateProportionally, applyBasisPoints, assertSafeInteger, multiplyQuantity } from './money.ts';
import type { Discount, DocumentKind, InvoiceDocument, InvoiceLine, VatExemption } from './model.ts';

export type LineAmounts = {
  /** quantity × unit price, rounded to the cent. */
  gross_cents: number;
  discount_cents: number;
  net_cents: number;
};

export type VatGroup = {
  /** "2000" for 20 %, "0:franchise_293b" for an exempt group. */
  key: string;
  vat_rate_bp: number;
  vat_exemption: VatExemption | null;
  /** Sum of the group's line net amounts. */
  lines_net_cents: number;
  /** This group's share of the document discount. */
  document_discount_cents: number;
  /** lines_net − document_discount: the VAT base (BT-116). */
  base_cents: number;
  /** base × rate, rounded half-up once (BT-117). */
  vat_cents: number;
};

export type DocumentTotals = {
  lines: LineAmounts[];
  lines_net_cents: number;
  document_discount_cents: number;
  vat_groups: VatGroup[];
  total_ht_cents: number;
  total_vat_cents: number;
  total_ttc_cents: number;
  /** Deposit invoices already paid and deducted (TTC). */
  deposits_ttc_cents: number;
  /** "Net à payer" (invoice) or "Net à déduire" (credit note). */
  amount_due_cents: number;
};

/** The discount of a line or document in cents: percent rounded half-up, or the fixed amount. */
export function computeDiscountCents(baseCents: number, discount: Discount | null | undefined): number {
  if (!discount) return 0;
  if (discount.kind === 'percent') return applyBasisPoints(baseCents, discount.basis_points);
  assertSafeInteger(discount.cents, 'discount');
  return discount.cents;
}

/** Net of one line: quantity × unit price rounded to the cent, minus its discount. */
export function computeLineAmounts(line: InvoiceLine): LineAmounts {
  assertSafeInteger(line.quantity_milli, 'quantity');
  assertSafeInteger(line.unit_price_cents, 'unit price');
  const gross = multiplyQuantity(line.quantity_milli, line.unit_price_cents);
  const discount = computeDiscountCents(gross, line.discount);
  return { gross_cents: gross, discount_cents: discount, net_cents: gross - discount };
}

/** Groups lines by (rate, exemption): the key VAT is totalled on. */
export function getVatGroupKey(line: Pick<InvoiceLine, 'vat_rate_bp' | 'vat_exemption'>): string {
  return line.vat_rate_bp === 0 ? `0:${line.vat_exemption ?? 'none'}` : String(line.vat_rate_bp);
}

/** Totals with VAT per rate (rounded once per rate), document discount spread over the rates. */
export function computeDocumentTotals(
  document: Pick<InvoiceDocument, 'lines' | 'document_discount' | 'deposit_deductions'>,
): DocumentTotals {
  const lines = document.lines.map(computeLineAmounts);
  const groups = new Map<string, VatGroup>();
  document.lines.forEach((line, i) => {
    const key = getVatGroupKey(line);
    const group = groups.get(key) ?? {
      key,
      vat_rate_bp: line.vat_rate_bp,
      vat_exemption: line.vat_rate_bp === 0 ? (line.vat_exemption ?? null) : null,
      lines_net_cents: 0,
      document_discount_cents: 0,
      base_cents: 0,
      vat_cents: 0,
    };
    group.lines_net_cents += lines[i]?.net_cents ?? 0;
    groups.set(key, group);
  });
  // Highest rate first, exempt groups last: the order of the VAT table on the PDF and in the XML.
  const ordered = [...groups.values()].sort((a, b) => b.vat_rate_bp - a.vat_rate_bp || a.key.localeCompare(b.key));
  const linesNet = ordered.reduce((sum, g) => sum + g.lines_net_cents, 0);

  const discount = document.document_discount;
  let shares: number[];
  if (!discount) shares = ordered.map(() => 0);
  else if (discount.kind === 'percent') {
    shares = ordered.map((g) => applyBasisPoints(g.lines_net_cents, discount.basis_points));
  } else {
    shares = allocateProportionally(
      Math.min(discount.cents, linesNet),
      ordered.map((g) => g.lines_net_cents),
    );
  }
  ordered.forEach((g, i) => {
    g.document_discount_cents = shares[i] ?? 0;
    g.base_cents = g.lines_net_cents - g.document_discount_cents;
    g.vat_cents = applyBasisPoints(g.base_cents, g.vat_rate_bp);
  });

  const totalHt = ordered.reduce((sum, g) => sum + g.base_cents, 0);
  const totalVat = ordered.reduce((sum, g) => sum + g.vat_cents, 0);
  const deposits = (document.deposit_deductions ?? []).reduce((sum, d) => sum + d.ht_cents + d.vat_cents, 0);
  return {
    lines,
    lines_net_cents: linesNet,
    document_discount_cents: linesNet - totalHt,
    vat_groups: ordered,
    total_ht_cents: totalHt,
    total_vat_cents: totalVat,
    total_ttc_cents: totalHt + totalVat,
    deposits_ttc_cents: deposits,
    amount_due_cents: totalHt + totalVat - deposits,
  };
}

/** Ledger sign of a document amount: credit notes reduce revenue, so they count negative. */
export function signAmount(kind: DocumentKind, cents: number): number {
  return kind === 'credit_note' ? -cents : cents;
}
