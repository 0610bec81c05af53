import { beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, PDFName, PDFRawStream, PDFDict, PDFArray } from 'pdf-lib';
import { buildFacturXXml } from './cii.ts';
import { buildFacturXPdf, extractFacturXXml } from './pdf.ts';
import { validateFacturXXml } from './validate.ts';
import type { FacturXValidationResources } from './validate.ts';
import { loadFacturXResources } from '../test/facturx-resources.ts';
import {
  BUSINESS_BUYER,
  CREDIT_NOTE,
  DISCOUNTED,
  EU_BUYER,
  EXEMPT,
  makeDocument,
  makeLine,
  MULTI_RATE,
  PERSON_BUYER,
  SELLER,
} from '../test/fixtures.ts';
import type { Buyer, InvoiceDocument } from '../model.ts';

let resources: FacturXValidationResources;
// The first run compiles the 650 kB Schematron XSLT to SEF (about a minute), later runs read the cache.
beforeAll(async () => {
  resources = await loadFacturXResources();
}, 300_000);

const SHAPES: [string, InvoiceDocument, Buyer][] = [
  ['multi-rate', MULTI_RATE, BUSINESS_BUYER],
  ['line and document discounts', DISCOUNTED, BUSINESS_BUYER],
  ['credit note', CREDIT_NOTE, BUSINESS_BUYER],
  ['exempt lines (intra-EU + reverse charge)', EXEMPT, EU_BUYER],
  [
    'franchise 293 B without VAT number, to a consumer',
    makeDocument({ lines: [makeLine({ vat_rate_bp: 0, vat_exemption: 'franchise_293b' })] }),
    PERSON_BUYER,
  ],
];

describe('Factur-X CII XML (EN 16931)', () => {
  it.each(SHAPES)('%s passes the official XSD and Schematron', async (_name, document, buyer) => {
    const seller = document.lines.every((l) => l.vat_exemption === 'franchise_293b')
      ? { ...SELLER, vat_number: null }
      : SELLER;
    const xml = buildFacturXXml({ document, seller, buyer });
    const result = await validateFacturXXml(xml, resources);
    expect(result).toEqual({ xsd: [], schematron: [] });
  });

  it('maps kinds, exemptions and allowances to the EN 16931 codes', () => {
    expect(buildFacturXXml({ document: CREDIT_NOTE, seller: SELLER, buyer: BUSINESS_BUYER })).toContain(
      '<ram:TypeCode>381</ram:TypeCode>',
    );
    const exempt = buildFacturXXml({ document: EXEMPT, seller: SELLER, buyer: EU_BUYER });
    expect(exempt).toContain('<ram:ExemptionReasonCode>VATEX-EU-IC</ram:ExemptionReasonCode>');
    expect(exempt).toContain('<ram:ExemptionReasonCode>VATEX-EU-AE</ram:ExemptionReasonCode>');
    const discounted = buildFacturXXml({ document: DISCOUNTED, seller: SELLER, buyer: BUSINESS_BUYER });
    // One document allowance per VAT rate (20 % and 10 %).
    expect(discounted.match(/<ram:Reason>Remise globale<\/ram:Reason>/g)).toHaveLength(2);
  });

  it('reports the rule id when the VAT total is tampered with (BR-CO-15)', async () => {
    const xml = buildFacturXXml({ document: MULTI_RATE, seller: SELLER, buyer: BUSINESS_BUYER }).replace(
      /<ram:TaxTotalAmount currencyID="EUR">([\d.]+)<\/ram:TaxTotalAmount>/,
      '<ram:TaxTotalAmount currencyID="EUR">1.00</ram:TaxTotalAmount>',
    );
    const result = await validateFacturXXml(xml, resources);
    expect(result.xsd).toEqual([]);
    expect(result.schematron.map((f) => f.text).join(' ')).toContain('BR-CO-15');
  });

  it('reports a reverse-charge invoice without the buyer VAT number (BR-AE-02)', async () => {
    const xml = buildFacturXXml({ document: EXEMPT, seller: SELLER, buyer: { ...EU_BUYER, vat_number: null } });
    const result = await validateFacturXXml(xml, resources);
    expect(result.schematron.map((f) => f.text).join(' ')).toContain('BR-AE-02');
  });

  it('reports an unknown VATEX code from the code lists (read through document())', async () => {
    const xml = buildFacturXXml({ document: EXEMPT, seller: SELLER, buyer: EU_BUYER }).replace(
      'VATEX-EU-IC',
      'VATEX-XX-NOPE',
    );
    const result = await validateFacturXXml(xml, resources);
    const failure = result.schematron.find((f) => f.text.includes("ExemptionReasonCode' is not allowed"));
    expect(failure?.id).toMatch(/^FX-SCH-A-\d+$/);
  });

  it('reports XSD errors for elements out of order', async () => {
    const xml = buildFacturXXml({ document: MULTI_RATE, seller: SELLER, buyer: BUSINESS_BUYER })
      .replace('<ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>', '')
      .replace(
        '</ram:SpecifiedTradeSettlementHeaderMonetarySummation>',
        '</ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>',
      );
    const result = await validateFacturXXml(xml, resources);
    expect(result.xsd.join(' ')).toMatch(/InvoiceCurrencyCode/);
  });
});

describe('Factur-X PDF/A-3', () => {
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

  it('embeds factur-x.xml as an associated file with PDF/A-3B and Factur-X XMP', async () => {
    const bundle = { document: MULTI_RATE, seller: SELLER, buyer: BUSINESS_BUYER };
    const xml = buildFacturXXml(bundle);
    const bytes = await buildFacturXPdf(bundle);
    const attached = await extractFacturXXml(bytes);
    expect(attached && decode(attached)).toBe(xml);

    const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
    const catalog = pdf.catalog;
    const af = catalog.lookup(PDFName.of('AF'), PDFArray);
    const spec = af.lookup(0, PDFDict);
    expect(spec.get(PDFName.of('AFRelationship'))).toEqual(PDFName.of('Data'));
    const ef = spec.lookup(PDFName.of('EF'), PDFDict).lookup(PDFName.of('F'));
    if (!(ef instanceof PDFRawStream)) throw new Error('no embedded file stream');
    expect(ef.dict.get(PDFName.of('Subtype'))).toEqual(PDFName.of('text/xml'));

    const metadata = catalog.lookup(PDFName.of('Metadata'));
    if (!(metadata instanceof PDFRawStream)) throw new Error('no metadata stream');
    const xmp = decode(metadata.getContents());
    expect(xmp).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(xmp).toContain('<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>');
    expect(xmp).toContain('<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>');
    expect(xmp).toContain('urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#');
    const intents = catalog.lookup(PDFName.of('OutputIntents'), PDFArray);
    expect(intents.lookup(0, PDFDict).get(PDFName.of('S'))).toEqual(PDFName.of('GTS_PDFA1'));
    expect(pdf.context.trailerInfo.ID).toBeDefined();
    expect(pdf.getTitle()).toBe('Facture 2026-0001');
  });

  it('uses AFRelationship Alternative when asked, an English layout and a logo', async () => {
    const png = Uint8Array.from(
      atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='),
      (c) => c.charCodeAt(0),
    );
    const document = { ...CREDIT_NOTE, language: 'en' as const };
    const bytes = await buildFacturXPdf(
      { document, seller: SELLER, buyer: BUSINESS_BUYER },
      { afRelationship: 'Alternative', logo: { bytes: png, type: 'png' } },
    );
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
    const spec = pdf.catalog.lookup(PDFName.of('AF'), PDFArray).lookup(0, PDFDict);
    expect(spec.get(PDFName.of('AFRelationship'))).toEqual(PDFName.of('Alternative'));
    expect(pdf.getTitle()).toBe('Credit note AV-2026-0001');
  });

  it('marks drafts and embeds no Factur-X in them', async () => {
    const document = makeDocument({ status: 'draft', number: null });
    const bytes = await buildFacturXPdf({ document, seller: SELLER, buyer: BUSINESS_BUYER });
    expect(await extractFacturXXml(bytes)).toBeNull();
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(pdf.getTitle()).toBe('Facture BROUILLON');
  });

  it('produces the same bytes for the same input (browser and server render alike)', async () => {
    const bundle = { document: DISCOUNTED, seller: SELLER, buyer: BUSINESS_BUYER };
    expect(await buildFacturXPdf(bundle)).toEqual(await buildFacturXPdf(bundle));
  });

  it('paginates long documents', async () => {
    const lines = Array.from({ length: 80 }, (_, i) =>
      makeLine({
        description: `Pièce n° ${i + 1} — référence constructeur très longue pour tester le retour à la ligne`,
      }),
    );
    const bytes = await buildFacturXPdf({ document: makeDocument({ lines }), seller: SELLER, buyer: BUSINESS_BUYER });
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(pdf.getPageCount()).toBeGreaterThan(1);
  });
});
