/**
 * The invoicing document model: what a quote-turned-invoice, a credit note or a deposit invoice
 * carries, independent of storage. Field names are snake_case like the future rows (STYLE §2).
 * Units: cents for money, basis points for rates (20 % = 2000), thousandths for quantities.
 *
 * Mentions are deliberately nullable rather than defaulted ("vat_on_debits: null" = nobody said):
 * the mandatory-mentions check must be able to tell "not stated" from "stated as no".
 */
import { z } from 'zod';

/** French VAT rates in basis points: 20 %, 10 %, 5.5 %, 2.1 %, and 0 for exempt lines. */
export const VAT_RATES_BP = [2000, 1000, 550, 210, 0] as const;
export type VatRateBp = (typeof VAT_RATES_BP)[number];

/**
 * Why a line carries no VAT. Each maps to an EN 16931 VAT category and a VATEX code
 * (facturx/cii.ts) and to the legal sentence printed on the invoice (messages.ts).
 */
export const VAT_EXEMPTIONS = ['franchise_293b', 'reverse_charge', 'intra_eu', 'export'] as const;
export type VatExemption = (typeof VAT_EXEMPTIONS)[number];

export const DOCUMENT_KINDS = ['invoice', 'credit_note', 'deposit_invoice'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const OPERATION_CATEGORIES = ['goods', 'services', 'mixed'] as const;
export type OperationCategory = (typeof OPERATION_CATEGORIES)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const cents = z.number().int().min(0).max(1e13);

export const addressSchema = z.object({
  line1: z.string(),
  line2: z.string().nullable().optional(),
  postal_code: z.string(),
  city: z.string(),
  /** ISO 3166-1 alpha-2. */
  country: z.string().length(2),
});
export type Address = z.infer<typeof addressSchema>;

export const discountSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percent'), basis_points: z.number().int().min(0).max(10_000) }),
  z.object({ kind: z.literal('amount'), cents }),
]);
export type Discount = z.infer<typeof discountSchema>;

export const invoiceLineSchema = z.object({
  description: z.string(),
  /** Thousandths: 1 = 0.001, 1500 = 1.5. Positive, also on credit notes (the type carries the sign). */
  quantity_milli: z.number().int().min(0).max(1e12),
  /** UN/ECE Recommendation 20 unit code: C62 (one), HUR (hour), LTR (litre), KGM, DAY, … */
  unit: z.string().min(1).max(3),
  unit_price_cents: cents,
  discount: discountSchema.nullable().optional(),
  vat_rate_bp: z.number().int(),
  /** Required when vat_rate_bp is 0, forbidden otherwise. */
  vat_exemption: z.enum(VAT_EXEMPTIONS).nullable().optional(),
  nature: z.enum(['goods', 'services']),
});
export type InvoiceLine = z.infer<typeof invoiceLineSchema>;

export const sellerSchema = z.object({
  name: z.string(),
  /** "SARL", "SAS", "EI", … — drives the share-capital and "EI" mentions. */
  legal_form: z.string().nullable(),
  share_capital_cents: cents.nullable(),
  siren: z.string().nullable(),
  siret: z.string().nullable(),
  /** Traders: "RCS Lyon" city of the commercial court registry. */
  rcs_city: z.string().nullable(),
  /** Craftsmen: Répertoire des métiers, e.g. "RM 69" (département). */
  rm_department: z.string().nullable(),
  vat_number: z.string().nullable(),
  address: addressSchema.nullable(),
  email: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  iban: z.string().nullable().optional(),
});
export type Seller = z.infer<typeof sellerSchema>;

export const buyerSchema = z.object({
  kind: z.enum(['business', 'individual']),
  name: z.string(),
  address: addressSchema.nullable(),
  /** Only when different from `address`. */
  billing_address: addressSchema.nullable().optional(),
  siren: z.string().nullable(),
  siret: z.string().nullable().optional(),
  vat_number: z.string().nullable(),
});
export type Buyer = z.infer<typeof buyerSchema>;

export const earlyPaymentDiscountSchema = z.discriminatedUnion('kind', [
  /** Prints "Pas d'escompte pour paiement anticipé". */
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('discount'), basis_points: z.number().int().min(1), within_days: z.number().int() }),
]);

export const paymentTermsSchema = z.object({
  /** Annual late-payment penalty rate (ECB rate + 10 points by default). */
  late_penalty_rate_bp: z.number().int().min(0).nullable(),
  /** The fixed debt-collection indemnity, €40 (C. com. D441-5). */
  recovery_indemnity_cents: cents.nullable(),
  early_payment_discount: earlyPaymentDiscountSchema.nullable(),
  /** Free text such as "Virement à 30 jours". */
  means: z.string().nullable().optional(),
});
export type PaymentTerms = z.infer<typeof paymentTermsSchema>;

export const depositDeductionSchema = z.object({
  invoice_number: z.string(),
  issue_date: isoDate,
  vat_rate_bp: z.number().int(),
  ht_cents: cents,
  vat_cents: cents,
});
export type DepositDeduction = z.infer<typeof depositDeductionSchema>;

export const invoiceDocumentSchema = z.object({
  kind: z.enum(DOCUMENT_KINDS),
  status: z.enum(['draft', 'final']),
  /** Assigned at finalisation; null on drafts. */
  number: z.string().nullable(),
  issue_date: isoDate.nullable(),
  /** Date of sale or service when different from the issue date. */
  delivery_date: isoDate.nullable().optional(),
  due_date: isoDate.nullable(),
  currency: z.literal('EUR'),
  language: z.enum(['fr', 'en']),
  lines: z.array(invoiceLineSchema),
  /** Discount on the whole document, spread over the VAT rates in proportion to their bases. */
  document_discount: discountSchema.nullable().optional(),
  deposit_deductions: z.array(depositDeductionSchema).optional(),
  /** Credit notes: the invoice they correct. */
  original_invoice: z.object({ number: z.string(), issue_date: isoDate }).nullable().optional(),
  purchase_order_ref: z.string().nullable().optional(),
  /**
   * Goods delivery address. 'same_as_buyer' states explicitly that it is the buyer's address;
   * null means not stated (a missing mention when goods are sold).
   */
  delivery_address: z.union([addressSchema, z.literal('same_as_buyer')]).nullable(),
  operation_category: z.enum(OPERATION_CATEGORIES).nullable(),
  /** Seller opted to pay VAT on debits ("option pour le paiement de la taxe d'après les débits"). */
  vat_on_debits: z.boolean().nullable(),
  payment_terms: paymentTermsSchema,
  notes: z.string().nullable().optional(),
});
export type InvoiceDocument = z.infer<typeof invoiceDocumentSchema>;

/** Everything a rendering (PDF, XML) needs in one value. */
export type InvoiceBundle = {
  document: InvoiceDocument;
  seller: Seller;
  buyer: Buyer;
};
