/**
 * Sample sellers, buyers and documents shared by the invoicing tests: a garage SARL selling to a
 * French fleet company, and the four Factur-X shapes the issue asks for (multi-rate, discounts,
 * credit note, exempt lines).
 */
import type { Buyer, InvoiceDocument, InvoiceLine, Seller } from '../model.ts';

export const SELLER: Seller = {
  name: 'Garage du Centre',
  legal_form: 'SARL',
  share_capital_cents: 1_000_000,
  siren: '732829320',
  siret: '73282932000074',
  rcs_city: 'Lyon',
  rm_department: null,
  vat_number: 'FR44732829320',
  address: { line1: '12 rue de la République', postal_code: '69002', city: 'Lyon', country: 'FR' },
  email: 'contact@garage-du-centre.fr',
  phone: '+33478000000',
  iban: 'FR76 3000 6000 0112 3456 7890 189',
};

export const BUSINESS_BUYER: Buyer = {
  kind: 'business',
  name: 'Flotte Services SAS',
  address: { line1: '5 avenue Jean Jaurès', postal_code: '69007', city: 'Lyon', country: 'FR' },
  siren: '552100554',
  vat_number: 'FR96552100554',
};

export const EU_BUYER: Buyer = {
  kind: 'business',
  name: 'Autohaus Müller GmbH',
  address: { line1: 'Hauptstraße 1', postal_code: '10115', city: 'Berlin', country: 'DE' },
  siren: null,
  vat_number: 'DE123456789',
};

export const PERSON_BUYER: Buyer = {
  kind: 'individual',
  name: 'Hélène Martin',
  address: { line1: '3 place Bellecour', postal_code: '69002', city: 'Lyon', country: 'FR' },
  siren: null,
  vat_number: null,
};

export function makeLine(overrides: Partial<InvoiceLine> = {}): InvoiceLine {
  return {
    description: 'Vidange moteur',
    quantity_milli: 1000,
    unit: 'C62',
    unit_price_cents: 8990,
    discount: null,
    vat_rate_bp: 2000,
    vat_exemption: null,
    nature: 'services',
    ...overrides,
  };
}

export function makeDocument(overrides: Partial<InvoiceDocument> = {}): InvoiceDocument {
  return {
    kind: 'invoice',
    status: 'final',
    number: '2026-0001',
    issue_date: '2026-03-15',
    delivery_date: '2026-03-14',
    due_date: '2026-04-14',
    currency: 'EUR',
    language: 'fr',
    lines: [makeLine()],
    document_discount: null,
    deposit_deductions: [],
    original_invoice: null,
    purchase_order_ref: null,
    delivery_address: 'same_as_buyer',
    operation_category: 'services',
    vat_on_debits: false,
    payment_terms: {
      late_penalty_rate_bp: 1215,
      recovery_indemnity_cents: 4000,
      early_payment_discount: { kind: 'none' },
      means: 'Virement à 30 jours',
    },
    notes: null,
    ...overrides,
  };
}

/** Several rates: labour at 20 %, parts at 20 %, a 10 % and a 5.5 % line, quantities with decimals. */
export const MULTI_RATE = makeDocument({
  operation_category: 'mixed',
  lines: [
    makeLine({ description: 'Main-d’œuvre mécanique', quantity_milli: 1500, unit: 'HUR', unit_price_cents: 6500 }),
    makeLine({ description: 'Filtre à huile', unit_price_cents: 1299, nature: 'goods', quantity_milli: 2000 }),
    makeLine({ description: 'Travaux de rénovation énergétique', unit_price_cents: 33333, vat_rate_bp: 1000 }),
    makeLine({ description: 'Livre technique', unit_price_cents: 2450, vat_rate_bp: 550, nature: 'goods' }),
    makeLine({
      description: 'Huile moteur 5W30',
      quantity_milli: 4333,
      unit: 'LTR',
      unit_price_cents: 1190,
      vat_rate_bp: 2000,
      nature: 'goods',
    }),
  ],
});

/** Line discounts (percent and amount) and a 5 % document discount over two rates. */
export const DISCOUNTED = makeDocument({
  number: '2026-0002',
  operation_category: 'mixed',
  lines: [
    makeLine({
      description: 'Pneus 205/55 R16',
      quantity_milli: 4000,
      unit_price_cents: 8999,
      nature: 'goods',
      discount: { kind: 'percent', basis_points: 1000 },
    }),
    makeLine({ description: 'Géométrie', unit_price_cents: 7900, discount: { kind: 'amount', cents: 1000 } }),
    makeLine({ description: 'Nettoyage intérieur', unit_price_cents: 4500, vat_rate_bp: 1000 }),
  ],
  document_discount: { kind: 'percent', basis_points: 500 },
});

/** A partial credit note on invoice 2026-0001. */
export const CREDIT_NOTE = makeDocument({
  kind: 'credit_note',
  number: 'AV-2026-0001',
  issue_date: '2026-03-20',
  due_date: '2026-03-20',
  original_invoice: { number: '2026-0001', issue_date: '2026-03-15' },
  lines: [makeLine({ description: 'Geste commercial sur vidange', unit_price_cents: 2000 })],
});

/** Exempt lines: intra-EU supply of parts plus a reverse-charge service, to a German company. */
export const EXEMPT = makeDocument({
  number: '2026-0003',
  operation_category: 'mixed',
  delivery_address: { line1: 'Lagerstraße 4', postal_code: '10115', city: 'Berlin', country: 'DE' },
  lines: [
    makeLine({
      description: 'Moteur échange standard',
      unit_price_cents: 150000,
      vat_rate_bp: 0,
      vat_exemption: 'intra_eu',
      nature: 'goods',
    }),
    makeLine({
      description: 'Diagnostic à distance',
      unit_price_cents: 12000,
      vat_rate_bp: 0,
      vat_exemption: 'reverse_charge',
    }),
  ],
});
