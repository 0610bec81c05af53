/**
 * Sales documents as stored and synced (V3): one table `sales_documents` for quotes, invoices,
 * credit notes and deposit invoices, and `sales_document_lines`. Drafts are written offline like
 * any synced row; finalisation (`public.finalise_document`) happens on the server, which checks the
 * mandatory mentions, recomputes the totals (the rules of totals.ts, in SQL), assigns the number,
 * snapshots seller and buyer and freezes the row. The same limits are CHECK constraints in
 * supabase/migrations/20261122130000_create_invoicing.sql.
 *
 * Units as in model.ts: cents, basis points, thousandths.
 */
import { z } from 'zod';
import { optionalText } from '../crm/fields.ts';
import { amountCentsSchema, calendarDateSchema, optionalUuidSchema, uuidSchema } from '../sales/fields.ts';
import { addressSchema, buyerSchema, discountSchema, earlyPaymentDiscountSchema, VAT_EXEMPTIONS } from './model.ts';

export const SALES_DOCUMENT_KINDS = ['quote', 'invoice', 'credit_note', 'deposit_invoice'] as const;
export type SalesDocumentKind = (typeof SALES_DOCUMENT_KINDS)[number];

export const QUOTE_STATUSES = ['draft', 'sent', 'accepted', 'refused', 'expired'] as const;
export const INVOICE_STATUSES = ['draft', 'finalised'] as const;
export const SALES_DOCUMENT_STATUSES = ['draft', 'sent', 'accepted', 'refused', 'expired', 'finalised'] as const;
export type SalesDocumentStatus = (typeof SALES_DOCUMENT_STATUSES)[number];

/** Set by the server (payments); the only columns that still change once a document is final. */
export const PAYMENT_STATUSES = ['unpaid', 'partially_paid', 'paid'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const OPERATION_CATEGORY_VALUES = ['goods', 'services', 'mixed'] as const;
export const LINE_NATURES = ['goods', 'services'] as const;

/** Whether a status belongs to a kind: quotes have a commercial life, invoices are drafts then final. */
export function isStatusOfKind(kind: SalesDocumentKind, status: SalesDocumentStatus): boolean {
  return kind === 'quote'
    ? (QUOTE_STATUSES as readonly string[]).includes(status)
    : (INVOICE_STATUSES as readonly string[]).includes(status);
}

/** The tenant's legal identity frozen at finalisation (the shape of model.ts Seller). */
export type SellerSnapshot = Readonly<Record<string, unknown>>;

/** One VAT group of the server-computed totals (totals.ts VatGroup). */
export type StoredVatGroup = {
  readonly key: string;
  readonly vat_rate_bp: number;
  readonly vat_exemption: string | null;
  readonly lines_net_cents: number;
  readonly document_discount_cents: number;
  readonly base_cents: number;
  readonly vat_cents: number;
};

/** A sales_documents row as replicated (snake_case, as in Postgres). */
export type SalesDocument = {
  readonly id: string;
  readonly tenant_id: string;
  readonly kind: SalesDocumentKind;
  readonly status: SalesDocumentStatus;
  /** "2026-0001", assigned at finalisation; null on drafts and quotes. */
  readonly number: string | null;
  readonly fiscal_year: number | null;
  readonly sequence: number | null;
  readonly company_id: string | null;
  readonly contact_id: string | null;
  readonly owner_id: string | null;
  readonly language: 'fr' | 'en';
  readonly issue_date: string | null;
  readonly delivery_date: string | null;
  readonly due_date: string | null;
  readonly valid_until: string | null;
  readonly late_penalty_rate_bp: number | null;
  readonly recovery_indemnity_cents: number | null;
  readonly early_payment_discount: z.infer<typeof earlyPaymentDiscountSchema> | null;
  readonly payment_means: string | null;
  readonly operation_category: (typeof OPERATION_CATEGORY_VALUES)[number] | null;
  readonly vat_on_debits: boolean | null;
  readonly delivery_address: z.infer<typeof addressSchema> | 'same_as_buyer' | null;
  readonly purchase_order_ref: string | null;
  readonly is_paid_quote: boolean | null;
  readonly document_discount: z.infer<typeof discountSchema> | null;
  readonly buyer: z.infer<typeof buyerSchema> | null;
  readonly notes: string | null;
  readonly original_id: string | null;
  readonly source_id: string | null;
  /** Server-written at finalisation. */
  readonly seller: SellerSnapshot | null;
  readonly total_ht_cents: number | null;
  readonly total_vat_cents: number | null;
  readonly total_ttc_cents: number | null;
  readonly amount_due_cents: number | null;
  readonly vat_breakdown: readonly StoredVatGroup[] | null;
  readonly finalised_at: string | null;
  readonly finalised_by: string | null;
  readonly payment_status: PaymentStatus;
  readonly paid_cents: number;
  readonly created_at: string;
  readonly updated_at: string;
};

/** A sales_document_lines row as replicated. */
export type SalesDocumentLine = {
  readonly id: string;
  readonly tenant_id: string;
  readonly document_id: string;
  readonly position: number;
  readonly description: string;
  readonly quantity_milli: number;
  readonly unit: string;
  readonly unit_price_cents: number;
  readonly discount: z.infer<typeof discountSchema> | null;
  readonly vat_rate_bp: number;
  readonly vat_exemption: (typeof VAT_EXEMPTIONS)[number] | null;
  readonly nature: (typeof LINE_NATURES)[number];
  readonly created_at: string;
  readonly updated_at: string;
};

/** Quantities up to 10^9 units (10^12 thousandths), as model.ts. */
export const MAX_QUANTITY_MILLI = 1_000_000_000_000;

export const salesDocumentFieldsSchema = z.object({
  kind: z.enum(SALES_DOCUMENT_KINDS),
  status: z.enum(SALES_DOCUMENT_STATUSES),
  company_id: optionalUuidSchema,
  contact_id: optionalUuidSchema,
  owner_id: optionalUuidSchema,
  language: z.enum(['fr', 'en']),
  issue_date: calendarDateSchema.nullable(),
  delivery_date: calendarDateSchema.nullable(),
  due_date: calendarDateSchema.nullable(),
  valid_until: calendarDateSchema.nullable(),
  late_penalty_rate_bp: z.number().int().min(0).max(100_000).nullable(),
  recovery_indemnity_cents: amountCentsSchema.nullable(),
  early_payment_discount: earlyPaymentDiscountSchema.nullable(),
  payment_means: optionalText(500),
  operation_category: z.enum(OPERATION_CATEGORY_VALUES).nullable(),
  vat_on_debits: z.boolean().nullable(),
  delivery_address: z.union([addressSchema, z.literal('same_as_buyer')]).nullable(),
  purchase_order_ref: optionalText(100),
  is_paid_quote: z.boolean().nullable(),
  document_discount: discountSchema.nullable(),
  buyer: buyerSchema.nullable(),
  notes: optionalText(10_000),
  original_id: optionalUuidSchema,
  source_id: optionalUuidSchema,
});
export type SalesDocumentFields = z.infer<typeof salesDocumentFieldsSchema>;

/**
 * Fields a client may write (the sync registry's writable fields). Number, totals, seller,
 * finalisation and payment columns are the server's. `status` is writable for quotes' commercial
 * life; the database refuses 'finalised' from a client (only finalise_document sets it).
 */
export const SALES_DOCUMENT_WRITABLE_FIELDS = Object.keys(
  salesDocumentFieldsSchema.shape,
) as (keyof SalesDocumentFields)[];

/** Defaults of a new draft (the same as the column defaults). */
export const SALES_DOCUMENT_DEFAULTS = {
  status: 'draft',
  company_id: null,
  contact_id: null,
  language: 'fr',
  issue_date: null,
  delivery_date: null,
  due_date: null,
  valid_until: null,
  late_penalty_rate_bp: null,
  recovery_indemnity_cents: null,
  early_payment_discount: null,
  payment_means: null,
  operation_category: null,
  vat_on_debits: null,
  delivery_address: null,
  purchase_order_ref: null,
  is_paid_quote: null,
  document_discount: null,
  buyer: null,
  notes: null,
  original_id: null,
  source_id: null,
} as const satisfies Omit<SalesDocumentFields, 'kind' | 'owner_id'>;

/** Server-set columns of a new document (replica placeholders). */
export const SALES_DOCUMENT_SERVER_DEFAULTS = {
  number: null,
  fiscal_year: null,
  sequence: null,
  seller: null,
  total_ht_cents: null,
  total_vat_cents: null,
  total_ttc_cents: null,
  amount_due_cents: null,
  vat_breakdown: null,
  finalised_at: null,
  finalised_by: null,
  payment_status: 'unpaid',
  paid_cents: 0,
} as const satisfies Partial<SalesDocument>;

export const salesDocumentCreateSchema = salesDocumentFieldsSchema
  .partial()
  .required({ kind: true })
  .refine((d) => isStatusOfKind(d.kind, d.status ?? 'draft') && d.status !== 'finalised', {
    message: 'status',
    path: ['status'],
  });

/** Update: only the fields that changed (the kind never changes). */
export const salesDocumentUpdateSchema = salesDocumentFieldsSchema
  .omit({ kind: true })
  .partial()
  .refine((d) => d.status !== 'finalised', { message: 'status', path: ['status'] });

export const salesDocumentLineFieldsSchema = z.object({
  document_id: uuidSchema,
  position: z.number().int().min(0).max(10_000),
  description: z.string().trim().max(2000),
  quantity_milli: z.number().int().min(0).max(MAX_QUANTITY_MILLI),
  unit: z.string().regex(/^[A-Z0-9]{1,3}$/),
  unit_price_cents: amountCentsSchema,
  discount: discountSchema.nullable(),
  vat_rate_bp: z.number().int().min(0).max(10_000),
  vat_exemption: z.enum(VAT_EXEMPTIONS).nullable(),
  nature: z.enum(LINE_NATURES),
});
export type SalesDocumentLineFields = z.infer<typeof salesDocumentLineFieldsSchema>;

export const SALES_DOCUMENT_LINE_WRITABLE_FIELDS = Object.keys(
  salesDocumentLineFieldsSchema.shape,
) as (keyof SalesDocumentLineFields)[];

export const SALES_DOCUMENT_LINE_DEFAULTS = {
  description: '',
  quantity_milli: 1000,
  unit: 'C62',
  unit_price_cents: 0,
  discount: null,
  vat_rate_bp: 2000,
  vat_exemption: null,
  nature: 'services',
} as const satisfies Omit<SalesDocumentLineFields, 'document_id' | 'position'>;

export const salesDocumentLineCreateSchema = salesDocumentLineFieldsSchema
  .partial()
  .required({ document_id: true, position: true });

/** Update: a line stays on its document. */
export const salesDocumentLineUpdateSchema = salesDocumentLineFieldsSchema.omit({ document_id: true }).partial();
