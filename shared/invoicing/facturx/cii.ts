/**
 * Factur-X / ZUGFeRD CII XML (`factur-x.xml`), profile EN 16931 ("Comfort"), built from the
 * document model. Element order follows the Factur-X 1.09 EN16931 XSD (the XSD is a strict
 * sequence); tests validate every shape against that XSD and the official Schematron.
 *
 * Mapping choices:
 * - Amounts are positive on credit notes too: TypeCode 381 carries the sign (EN 16931 rule).
 *   Deposit invoices use TypeCode 386 (prepayment invoice).
 * - VAT exemptions map to EN 16931 categories + VATEX codes: art. 293 B franchise → E +
 *   VATEX-FR-FRANCHISE, reverse charge → AE + VATEX-EU-AE, intra-EU supply → K + VATEX-EU-IC,
 *   export → G + VATEX-EU-G; the legal sentence goes in ExemptionReason (BT-120).
 * - A line discount is a line allowance (BG-27, reason code 95); a document discount becomes one
 *   document allowance (BG-20) per VAT group, because EN 16931 requires each allowance to carry
 *   one VAT category — the split is the one totals.ts computed, so BR-CO-17 holds per rate.
 * - The legal payment mentions (penalties, €40, escompte) go in BT-20 and in notes with the
 *   subject codes French platforms read (PMD, PMT, AAB); legal form + capital in BT-33 (REG note).
 * - VAT on debits → BT-8 DueDateTypeCode 5 (invoice date); services without the option → 72.
 */
import { formatBasisPoints, formatCentsDecimal, formatMilli, formatMoney } from '../money.ts';
import { EXEMPTION_TEXTS, PDF_LABELS } from '../messages.ts';
import type { Address, InvoiceBundle, VatExemption } from '../model.ts';
import { computeDocumentTotals } from '../totals.ts';
import type { VatGroup } from '../totals.ts';

export const FACTURX_EN16931_GUIDELINE = 'urn:cen.eu:en16931:2017';

const TYPE_CODES = { invoice: '380', credit_note: '381', deposit_invoice: '386' } as const;

const EXEMPTION_CATEGORIES: Record<VatExemption, { category: string; vatex: string }> = {
  franchise_293b: { category: 'E', vatex: 'VATEX-FR-FRANCHISE' },
  reverse_charge: { category: 'AE', vatex: 'VATEX-EU-AE' },
  intra_eu: { category: 'K', vatex: 'VATEX-EU-IC' },
  export: { category: 'G', vatex: 'VATEX-EU-G' },
};

/** Escapes text for XML element content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ''); // eslint-disable-line no-control-regex -- XML 1.0 forbids these
}

/** <tag>text</tag>, or nothing when the text is empty (empty elements break FX-SCH-A-000372). */
function el(tag: string, text: string | null | undefined, attributes = ''): string {
  if (text === null || text === undefined || text.trim() === '') return '';
  return `<${tag}${attributes}>${escapeXml(text)}</${tag}>`;
}

function wrap(tag: string, ...children: string[]): string {
  const inner = children.join('');
  return inner ? `<${tag}>${inner}</${tag}>` : '';
}

const toDate102 = (isoDate: string): string => isoDate.replace(/-/g, '');
const amount = (tag: string, cents: number, currency = false): string =>
  `<${tag}${currency ? ' currencyID="EUR"' : ''}>${formatCentsDecimal(cents)}</${tag}>`;

function buildAddress(address: Address): string {
  return wrap(
    'ram:PostalTradeAddress',
    el('ram:PostcodeCode', address.postal_code),
    el('ram:LineOne', address.line1),
    el('ram:LineTwo', address.line2),
    el('ram:CityName', address.city),
    el('ram:CountryID', address.country),
  );
}

function buildCategoryTax(group: Pick<VatGroup, 'vat_rate_bp' | 'vat_exemption'>): string {
  const exemption = group.vat_exemption ? EXEMPTION_CATEGORIES[group.vat_exemption] : null;
  return wrap(
    'ram:CategoryTradeTax',
    el('ram:TypeCode', 'VAT'),
    el('ram:CategoryCode', exemption?.category ?? 'S'),
    el('ram:RateApplicablePercent', formatBasisPoints(group.vat_rate_bp)),
  );
}

/** Builds the EN 16931 CII XML of a document (finalised or not: a draft simply has no number). */
export function buildFacturXXml(bundle: InvoiceBundle): string {
  const { document, seller, buyer } = bundle;
  const totals = computeDocumentTotals(document);
  const labels = PDF_LABELS[document.language];
  const exemptionTexts = EXEMPTION_TEXTS[document.language];
  const issueDate = document.issue_date ?? '1970-01-01';

  // Header notes: legal mentions French platforms look for (UNTDID 4451 subject codes).
  const terms = document.payment_terms;
  const notes: { subject: string; text: string }[] = [];
  const sellerLegal = [
    seller.legal_form,
    seller.share_capital_cents !== null
      ? labels.capital(formatMoney(seller.share_capital_cents, document.language))
      : null,
    seller.rcs_city ? `${labels.rcs} ${seller.rcs_city} ${seller.siren ?? ''}`.trim() : null,
    seller.rm_department ? `${labels.rm} ${seller.siren ?? ''} ${seller.rm_department}`.trim() : null,
  ]
    .filter(Boolean)
    .join(' — ');
  if (sellerLegal) notes.push({ subject: 'REG', text: `${seller.name} — ${sellerLegal}` });
  if (terms.late_penalty_rate_bp !== null) {
    notes.push({ subject: 'PMD', text: labels.latePenalty(formatBasisPoints(terms.late_penalty_rate_bp)) });
  }
  if (terms.recovery_indemnity_cents !== null) {
    notes.push({
      subject: 'PMT',
      text: labels.recoveryIndemnity(formatMoney(terms.recovery_indemnity_cents, document.language)),
    });
  }
  const escompte = terms.early_payment_discount;
  if (escompte) {
    notes.push({
      subject: 'AAB',
      text:
        escompte.kind === 'none'
          ? labels.noEarlyDiscount
          : labels.earlyDiscount(formatBasisPoints(escompte.basis_points), escompte.within_days),
    });
  }
  if (document.operation_category)
    notes.push({ subject: 'TXD', text: `${labels.operationCategory} : ${labels[document.operation_category]}` });
  if (document.vat_on_debits) notes.push({ subject: 'TXD', text: labels.vatOnDebits });
  if (document.notes) notes.push({ subject: 'AAI', text: document.notes });

  const lines = document.lines
    .map((line, i) => {
      const amounts = totals.lines[i] ?? { gross_cents: 0, discount_cents: 0, net_cents: 0 };
      const exemption = line.vat_exemption && line.vat_rate_bp === 0 ? EXEMPTION_CATEGORIES[line.vat_exemption] : null;
      const allowance =
        amounts.discount_cents > 0
          ? wrap(
              'ram:SpecifiedTradeAllowanceCharge',
              '<ram:ChargeIndicator><udt:Indicator>false</udt:Indicator></ram:ChargeIndicator>',
              line.discount?.kind === 'percent'
                ? el('ram:CalculationPercent', formatBasisPoints(line.discount.basis_points))
                : '',
              line.discount?.kind === 'percent' ? amount('ram:BasisAmount', amounts.gross_cents) : '',
              amount('ram:ActualAmount', amounts.discount_cents),
              el('ram:ReasonCode', '95'),
              el('ram:Reason', labels.discount),
            )
          : '';
      return wrap(
        'ram:IncludedSupplyChainTradeLineItem',
        wrap('ram:AssociatedDocumentLineDocument', el('ram:LineID', String(i + 1))),
        wrap('ram:SpecifiedTradeProduct', el('ram:Name', line.description)),
        wrap(
          'ram:SpecifiedLineTradeAgreement',
          wrap('ram:NetPriceProductTradePrice', amount('ram:ChargeAmount', line.unit_price_cents)),
        ),
        wrap(
          'ram:SpecifiedLineTradeDelivery',
          `<ram:BilledQuantity unitCode="${escapeXml(line.unit)}">${formatMilli(line.quantity_milli)}</ram:BilledQuantity>`,
        ),
        wrap(
          'ram:SpecifiedLineTradeSettlement',
          wrap(
            'ram:ApplicableTradeTax',
            el('ram:TypeCode', 'VAT'),
            el('ram:CategoryCode', exemption?.category ?? 'S'),
            el('ram:RateApplicablePercent', formatBasisPoints(line.vat_rate_bp)),
          ),
          allowance,
          wrap('ram:SpecifiedTradeSettlementLineMonetarySummation', amount('ram:LineTotalAmount', amounts.net_cents)),
        ),
      );
    })
    .join('');

  const sellerSiren = seller.siren ?? seller.siret?.slice(0, 9) ?? null;
  const sellerParty = wrap(
    'ram:SellerTradeParty',
    el('ram:Name', seller.name),
    el('ram:Description', sellerLegal),
    sellerSiren ? wrap('ram:SpecifiedLegalOrganization', el('ram:ID', sellerSiren, ' schemeID="0002"')) : '',
    seller.address ? buildAddress(seller.address) : '',
    seller.email ? wrap('ram:URIUniversalCommunication', el('ram:URIID', seller.email, ' schemeID="EM"')) : '',
    seller.vat_number ? wrap('ram:SpecifiedTaxRegistration', el('ram:ID', seller.vat_number, ' schemeID="VA"')) : '',
    // BR-E-02: under the franchise a seller may have no VAT number; the SIREN is its tax registration.
    !seller.vat_number && sellerSiren
      ? wrap('ram:SpecifiedTaxRegistration', el('ram:ID', sellerSiren, ' schemeID="FC"'))
      : '',
  );
  const buyerSiren = buyer.siren ?? buyer.siret?.slice(0, 9) ?? null;
  const buyerParty = wrap(
    'ram:BuyerTradeParty',
    el('ram:Name', buyer.name),
    buyerSiren ? wrap('ram:SpecifiedLegalOrganization', el('ram:ID', buyerSiren, ' schemeID="0002"')) : '',
    buyer.address ? buildAddress(buyer.address) : '',
    buyer.vat_number ? wrap('ram:SpecifiedTaxRegistration', el('ram:ID', buyer.vat_number, ' schemeID="VA"')) : '',
  );
  const agreement = wrap(
    'ram:ApplicableHeaderTradeAgreement',
    sellerParty,
    buyerParty,
    document.purchase_order_ref
      ? wrap('ram:BuyerOrderReferencedDocument', el('ram:IssuerAssignedID', document.purchase_order_ref))
      : '',
  );

  // BR-IC-11/12: intra-EU supplies need a delivery date and a deliver-to country.
  const deliveryAddress =
    document.delivery_address && document.delivery_address !== 'same_as_buyer'
      ? document.delivery_address
      : document.lines.some((l) => l.vat_exemption === 'intra_eu') && buyer.address
        ? buyer.address
        : null;
  const deliveryDate =
    document.delivery_date ?? (document.lines.some((l) => l.vat_exemption === 'intra_eu') ? issueDate : null);
  const delivery = `<ram:ApplicableHeaderTradeDelivery>${wrap(
    'ram:ShipToTradeParty',
    deliveryAddress ? buildAddress(deliveryAddress) : '',
  )}${
    deliveryDate
      ? `<ram:ActualDeliverySupplyChainEvent><ram:OccurrenceDateTime><udt:DateTimeString format="102">${toDate102(deliveryDate)}</udt:DateTimeString></ram:OccurrenceDateTime></ram:ActualDeliverySupplyChainEvent>`
      : ''
  }</ram:ApplicableHeaderTradeDelivery>`;

  const dueDateTypeCode = document.vat_on_debits ? '5' : document.operation_category === 'services' ? '72' : null;
  const headerTaxes = totals.vat_groups
    .map((group) => {
      const exemption = group.vat_exemption ? EXEMPTION_CATEGORIES[group.vat_exemption] : null;
      return wrap(
        'ram:ApplicableTradeTax',
        amount('ram:CalculatedAmount', group.vat_cents),
        el('ram:TypeCode', 'VAT'),
        group.vat_exemption ? el('ram:ExemptionReason', exemptionTexts[group.vat_exemption]) : '',
        amount('ram:BasisAmount', group.base_cents),
        el('ram:CategoryCode', exemption?.category ?? 'S'),
        el('ram:ExemptionReasonCode', exemption?.vatex),
        // BR-CO-3 forbids BT-7 with BT-8; exempt categories carry no tax point either.
        exemption ? '' : el('ram:DueDateTypeCode', dueDateTypeCode),
        el('ram:RateApplicablePercent', formatBasisPoints(group.vat_rate_bp)),
      );
    })
    .join('');
  const discount = document.document_discount;
  const documentAllowances = totals.vat_groups
    .filter((g) => g.document_discount_cents > 0)
    .map((g) =>
      wrap(
        'ram:SpecifiedTradeAllowanceCharge',
        '<ram:ChargeIndicator><udt:Indicator>false</udt:Indicator></ram:ChargeIndicator>',
        discount?.kind === 'percent' ? el('ram:CalculationPercent', formatBasisPoints(discount.basis_points)) : '',
        discount?.kind === 'percent' ? amount('ram:BasisAmount', g.lines_net_cents) : '',
        amount('ram:ActualAmount', g.document_discount_cents),
        el('ram:ReasonCode', '95'),
        el('ram:Reason', labels.documentDiscount),
        buildCategoryTax(g),
      ),
    )
    .join('');
  const termsText = notes
    .filter((n) => n.subject === 'PMD' || n.subject === 'PMT' || n.subject === 'AAB')
    .map((n) => n.text)
    .join(' ');
  const paymentTerms = wrap(
    'ram:SpecifiedTradePaymentTerms',
    el('ram:Description', [terms.means, termsText].filter(Boolean).join(' — ')),
    document.due_date
      ? `<ram:DueDateDateTime><udt:DateTimeString format="102">${toDate102(document.due_date)}</udt:DateTimeString></ram:DueDateDateTime>`
      : '',
  );
  const paymentMeans = seller.iban
    ? wrap(
        'ram:SpecifiedTradeSettlementPaymentMeans',
        el('ram:TypeCode', '58'),
        wrap('ram:PayeePartyCreditorFinancialAccount', el('ram:IBANID', seller.iban.replace(/\s/g, ''))),
      )
    : '';
  const summation = wrap(
    'ram:SpecifiedTradeSettlementHeaderMonetarySummation',
    amount('ram:LineTotalAmount', totals.lines_net_cents),
    amount('ram:ChargeTotalAmount', 0),
    amount('ram:AllowanceTotalAmount', totals.document_discount_cents),
    amount('ram:TaxBasisTotalAmount', totals.total_ht_cents),
    amount('ram:TaxTotalAmount', totals.total_vat_cents, true),
    amount('ram:GrandTotalAmount', totals.total_ttc_cents),
    amount('ram:TotalPrepaidAmount', totals.deposits_ttc_cents),
    amount('ram:DuePayableAmount', totals.amount_due_cents),
  );
  const original = document.original_invoice;
  const referenced = original
    ? wrap(
        'ram:InvoiceReferencedDocument',
        el('ram:IssuerAssignedID', original.number),
        `<ram:FormattedIssueDateTime><qdt:DateTimeString format="102">${toDate102(original.issue_date)}</qdt:DateTimeString></ram:FormattedIssueDateTime>`,
      )
    : '';
  const settlement = wrap(
    'ram:ApplicableHeaderTradeSettlement',
    el('ram:InvoiceCurrencyCode', document.currency),
    paymentMeans,
    headerTaxes,
    documentAllowances,
    paymentTerms,
    summation,
    referenced,
  );

  const header = wrap(
    'rsm:ExchangedDocument',
    el('ram:ID', document.number ?? 'DRAFT'),
    el('ram:TypeCode', TYPE_CODES[document.kind]),
    `<ram:IssueDateTime><udt:DateTimeString format="102">${toDate102(issueDate)}</udt:DateTimeString></ram:IssueDateTime>`,
    notes.map((n) => wrap('ram:IncludedNote', el('ram:Content', n.text), el('ram:SubjectCode', n.subject))).join(''),
  );

  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"' +
    ' xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100"' +
    ' xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"' +
    ' xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">' +
    wrap(
      'rsm:ExchangedDocumentContext',
      wrap('ram:GuidelineSpecifiedDocumentContextParameter', el('ram:ID', FACTURX_EN16931_GUIDELINE)),
    ) +
    header +
    `<rsm:SupplyChainTradeTransaction>${lines}${agreement}${delivery}${settlement}</rsm:SupplyChainTradeTransaction>` +
    '</rsm:CrossIndustryInvoice>\n'
  );
}
