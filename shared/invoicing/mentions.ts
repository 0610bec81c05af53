/**
 * The mandatory-mentions checklist of French invoices (CGI ann. II art. 242 nonies A, C. com.
 * L441-9, D441-5, décret 2022-1299 for the e-invoicing reform), run before finalisation: the server
 * refuses to number a document while `missing` is not empty. Codes are stable; the UI translates
 * them with messages.ts. Each entry names the offending field as a path ("lines[2].vat_rate_bp").
 *
 * Things that are computed cannot be missing and are not checked here: totals HT/TVA/TTC and VAT
 * per rate come from the lines (totals.ts), so checking every line's rate covers them. The number is
 * assigned by finalisation, so it is only required once the document is final.
 */
import { isValidSiren, isValidSiret, normaliseIdentifier } from '../identity/french-ids.ts';
import { VAT_RATES_BP } from './model.ts';
import type { Address, Buyer, InvoiceDocument, Seller } from './model.ts';
import { computeDocumentTotals, computeLineAmounts } from './totals.ts';

export const MENTION_CODES = {
  DOCUMENT_NUMBER: 'DOCUMENT_NUMBER',
  ISSUE_DATE: 'ISSUE_DATE',
  LINES: 'LINES',
  LINE_DESCRIPTION: 'LINE_DESCRIPTION',
  LINE_QUANTITY: 'LINE_QUANTITY',
  LINE_VAT_RATE: 'LINE_VAT_RATE',
  LINE_EXEMPTION_REASON: 'LINE_EXEMPTION_REASON',
  LINE_DISCOUNT: 'LINE_DISCOUNT',
  SELLER_NAME: 'SELLER_NAME',
  SELLER_ADDRESS: 'SELLER_ADDRESS',
  SELLER_SIREN: 'SELLER_SIREN',
  SELLER_REGISTRY: 'SELLER_REGISTRY',
  SELLER_LEGAL_FORM: 'SELLER_LEGAL_FORM',
  SELLER_SHARE_CAPITAL: 'SELLER_SHARE_CAPITAL',
  SELLER_EI_MENTION: 'SELLER_EI_MENTION',
  SELLER_VAT_NUMBER: 'SELLER_VAT_NUMBER',
  BUYER_NAME: 'BUYER_NAME',
  BUYER_ADDRESS: 'BUYER_ADDRESS',
  BUYER_SIREN: 'BUYER_SIREN',
  BUYER_VAT_NUMBER: 'BUYER_VAT_NUMBER',
  DUE_DATE: 'DUE_DATE',
  PAYMENT_TERM_TOO_LONG: 'PAYMENT_TERM_TOO_LONG',
  LATE_PENALTY_RATE: 'LATE_PENALTY_RATE',
  RECOVERY_INDEMNITY: 'RECOVERY_INDEMNITY',
  EARLY_PAYMENT_DISCOUNT: 'EARLY_PAYMENT_DISCOUNT',
  DELIVERY_ADDRESS: 'DELIVERY_ADDRESS',
  OPERATION_CATEGORY: 'OPERATION_CATEGORY',
  VAT_ON_DEBITS: 'VAT_ON_DEBITS',
  ORIGINAL_INVOICE: 'ORIGINAL_INVOICE',
  AMOUNT_DUE_NEGATIVE: 'AMOUNT_DUE_NEGATIVE',
} as const;
export type MentionCode = (typeof MENTION_CODES)[keyof typeof MENTION_CODES];

export type MissingMention = { code: MentionCode; field: string };
export type MentionCheck = { ok: boolean; missing: MissingMention[] };

/** Legal forms of sole traders: no share capital, but "EI" next to the name (since 15 May 2022). */
const SOLE_TRADER_FORMS = new Set([
  'EI',
  'EIRL',
  'MICRO',
  'MICRO-ENTREPRISE',
  'AUTO-ENTREPRENEUR',
  'ENTREPRENEUR INDIVIDUEL',
]);
/** The fixed recovery indemnity of C. com. D441-5. */
export const RECOVERY_INDEMNITY_CENTS = 4000;
/** C. com. L441-10: at most 60 days from the invoice date (or 45 days end of month). */
const MAX_PAYMENT_DAYS = 60;

const isBlank = (value: string | null | undefined): boolean => !value || value.trim() === '';

function isCompleteAddress(address: Address | null | undefined): boolean {
  return !!address && !isBlank(address.line1) && !isBlank(address.postal_code) && !isBlank(address.city);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function isSoleTrader(seller: Seller): boolean {
  return !!seller.legal_form && SOLE_TRADER_FORMS.has(seller.legal_form.trim().toUpperCase());
}

/** True when every line is under the small-business franchise: no VAT number required then. */
function isFranchiseOnly(document: InvoiceDocument): boolean {
  return document.lines.length > 0 && document.lines.every((l) => l.vat_exemption === 'franchise_293b');
}

/** Lists every mandatory mention the document, its seller and its buyer lack; ok when none. */
export function checkInvoiceMentions(document: InvoiceDocument, seller: Seller, buyer: Buyer): MentionCheck {
  const missing: MissingMention[] = [];
  const add = (code: MentionCode, field: string) => missing.push({ code, field });
  const isBusiness = buyer.kind === 'business';

  // Document.
  if (document.status === 'final' && isBlank(document.number)) add('DOCUMENT_NUMBER', 'number');
  if (!document.issue_date) add('ISSUE_DATE', 'issue_date');
  if (document.lines.length === 0) add('LINES', 'lines');
  document.lines.forEach((line, i) => {
    if (isBlank(line.description)) add('LINE_DESCRIPTION', `lines[${i}].description`);
    if (line.quantity_milli <= 0) add('LINE_QUANTITY', `lines[${i}].quantity_milli`);
    if (!(VAT_RATES_BP as readonly number[]).includes(line.vat_rate_bp))
      add('LINE_VAT_RATE', `lines[${i}].vat_rate_bp`);
    const hasExemption = !!line.vat_exemption;
    if (line.vat_rate_bp === 0 ? !hasExemption : hasExemption) {
      add('LINE_EXEMPTION_REASON', `lines[${i}].vat_exemption`);
    }
    if (computeLineAmounts(line).net_cents < 0) add('LINE_DISCOUNT', `lines[${i}].discount`);
  });
  const hasDeposits = (document.deposit_deductions ?? []).length > 0;
  if (hasDeposits && computeDocumentTotals(document).amount_due_cents < 0)
    add('AMOUNT_DUE_NEGATIVE', 'deposit_deductions');
  if (document.kind === 'credit_note' && !document.original_invoice) add('ORIGINAL_INVOICE', 'original_invoice');

  // Seller.
  if (isBlank(seller.name)) add('SELLER_NAME', 'seller.name');
  if (!isCompleteAddress(seller.address)) add('SELLER_ADDRESS', 'seller.address');
  const sellerSiren = seller.siren ? normaliseIdentifier(seller.siren) : null;
  const sellerSiret = seller.siret ? normaliseIdentifier(seller.siret) : null;
  const hasSellerId = (sellerSiren && isValidSiren(sellerSiren)) || (sellerSiret && isValidSiret(sellerSiret));
  if (!hasSellerId) add('SELLER_SIREN', seller.siret ? 'seller.siret' : 'seller.siren');
  if (isBlank(seller.rcs_city) && isBlank(seller.rm_department)) add('SELLER_REGISTRY', 'seller.rcs_city');
  if (isBlank(seller.legal_form)) add('SELLER_LEGAL_FORM', 'seller.legal_form');
  else if (isSoleTrader(seller)) {
    if (!/\b(EI|Entrepreneur individuel)\b/i.test(seller.name)) add('SELLER_EI_MENTION', 'seller.name');
  } else if (seller.share_capital_cents === null) add('SELLER_SHARE_CAPITAL', 'seller.share_capital_cents');
  if (isBlank(seller.vat_number) && !isFranchiseOnly(document)) add('SELLER_VAT_NUMBER', 'seller.vat_number');

  // Buyer. SIREN only applies to French businesses; the VAT number to every business customer.
  if (isBlank(buyer.name)) add('BUYER_NAME', 'buyer.name');
  if (!isCompleteAddress(buyer.address)) add('BUYER_ADDRESS', 'buyer.address');
  if (isBusiness && (buyer.address?.country ?? 'FR') === 'FR') {
    const siren = buyer.siren ? normaliseIdentifier(buyer.siren) : '';
    const siret = buyer.siret ? normaliseIdentifier(buyer.siret) : '';
    if (!isValidSiren(siren) && !isValidSiret(siret)) add('BUYER_SIREN', 'buyer.siren');
  }
  const needsBuyerVat =
    isBusiness || document.lines.some((l) => l.vat_exemption === 'reverse_charge' || l.vat_exemption === 'intra_eu');
  if (needsBuyerVat && isBlank(buyer.vat_number)) add('BUYER_VAT_NUMBER', 'buyer.vat_number');

  // Payment. Due date always; penalties, €40 and escompte are B2B mentions (L441-9).
  if (!document.due_date) add('DUE_DATE', 'due_date');
  else if (
    isBusiness &&
    document.issue_date &&
    daysBetween(document.issue_date, document.due_date) > MAX_PAYMENT_DAYS
  ) {
    add('PAYMENT_TERM_TOO_LONG', 'due_date');
  }
  if (isBusiness) {
    const terms = document.payment_terms;
    if (terms.late_penalty_rate_bp === null) add('LATE_PENALTY_RATE', 'payment_terms.late_penalty_rate_bp');
    if (terms.recovery_indemnity_cents !== RECOVERY_INDEMNITY_CENTS) {
      add('RECOVERY_INDEMNITY', 'payment_terms.recovery_indemnity_cents');
    }
    if (!terms.early_payment_discount) add('EARLY_PAYMENT_DISCOUNT', 'payment_terms.early_payment_discount');
  }

  // 2026 e-invoicing reform mentions (buyer SIREN is checked above).
  if (!document.operation_category) add('OPERATION_CATEGORY', 'operation_category');
  const sellsGoods = document.operation_category !== 'services' && document.lines.some((l) => l.nature === 'goods');
  if (sellsGoods && document.delivery_address === null) add('DELIVERY_ADDRESS', 'delivery_address');
  if (document.vat_on_debits === null) add('VAT_ON_DEBITS', 'vat_on_debits');
  return { ok: missing.length === 0, missing };
}
