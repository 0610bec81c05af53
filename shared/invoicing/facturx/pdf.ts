/**
 * The invoice PDF with every mandatory mention, in French or English, and — for finalised
 * invoices and credit notes — the Factur-X packaging: `factur-x.xml` embedded as an associated
 * file (AFRelationship Data by default, Alternative as an option), XMP metadata with the PDF/A-3B
 * identification (pdfaid:part 3, conformance B) and the Factur-X extension schema, an sRGB
 * OutputIntent, a trailer /ID, and Info dates equal to the XMP dates.
 *
 * The same function runs in the browser (offline drafts, marked DRAFT) and on the server
 * (finalised documents). Output is deterministic for a given input and `generatedAt`, so both sides
 * produce the same bytes.
 *
 * PDF/A-3 points NOT met (a validator such as veraPDF will flag them):
 * - Fonts are the standard Helvetica faces, which pdf-lib does not embed (PDF/A 6.2.11.4 requires
 *   embedded fonts). Embedding a TrueType font needs @pdf-lib/fontkit and a font file (e.g.
 *   Liberation Sans), neither of which is in the project yet.
 * - The DRAFT watermark uses transparency (allowed in PDF/A-3, but drafts are not PDF/A anyway:
 *   they are never sent as Factur-X).
 */
// pdf-lib: pure JavaScript, no DOM or Node APIs, so the same code renders in the browser and on the server.
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFString,
  decodePDFRawStream,
  StandardFonts,
  degrees,
  rgb,
} from 'pdf-lib';
import type { PDFFont, PDFImage, PDFPage } from 'pdf-lib';
import { encodeUtf8 } from '../hash-chain.ts';
import { formatBasisPoints, formatMilli, formatMoney } from '../money.ts';
import { DOCUMENT_TITLES, EXEMPTION_TEXTS, PDF_LABELS } from '../messages.ts';
import type { Address, InvoiceBundle } from '../model.ts';
import { computeDocumentTotals } from '../totals.ts';
import { buildFacturXXml } from './cii.ts';
import { buildSrgbIccProfile } from './icc.ts';

export const FACTURX_FILE_NAME = 'factur-x.xml';
export const FACTURX_NAMESPACE = 'urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#';

export type FacturXPdfOptions = {
  /** PNG or JPEG bytes of the tenant's logo. */
  logo?: { bytes: Uint8Array; type: 'png' | 'jpeg' } | null;
  /** The CII XML to embed; built from the document when omitted. */
  xml?: string;
  /** 'Data' (Factur-X default for EN 16931) or 'Alternative' (what some German readers expect). */
  afRelationship?: 'Data' | 'Alternative';
  /** Creation/modification date written to Info and XMP; defaults to the issue date at 00:00 UTC. */
  generatedAt?: Date;
  /** Producer/creator name. */
  producer?: string;
};

const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN = 40;
const GREY = rgb(0.35, 0.35, 0.35);
const BLACK = rgb(0, 0, 0);

type Fonts = { regular: PDFFont; bold: PDFFont; charset: Set<number> };

/** Replaces characters the WinAnsi standard font cannot draw (narrow no-break spaces, emoji…). */
function toDrawable(text: string, fonts: Fonts): string {
  return [...text.replace(/[\u00a0\u202f\u2009]/g, ' ')]
    .map((c) => (fonts.charset.has(c.codePointAt(0) ?? 0) ? c : '?'))
    .join('');
}

function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let current = '';
    for (const word of paragraph.split(' ')) {
      const candidate = current ? `${current} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width || !current) current = candidate;
      else {
        lines.push(current);
        current = word;
      }
    }
    lines.push(current);
  }
  return lines;
}

function formatAddress(address: Address | null | undefined): string[] {
  if (!address) return [];
  return [
    address.line1,
    address.line2 ?? '',
    `${address.postal_code} ${address.city}`,
    address.country === 'FR' ? '' : address.country,
  ].filter((l) => l.trim() !== '');
}

function formatDate(isoDate: string | null | undefined, language: 'fr' | 'en'): string {
  if (!isoDate) return '';
  const [y, m, d] = isoDate.split('-');
  return language === 'fr' ? `${d}/${m}/${y}` : `${y}-${m}-${d}`;
}

/** "5,5 %" in French, "5.5%"-style digits with a dot in English. */
function formatRate(basisPoints: number, language: 'fr' | 'en'): string {
  const rate = formatBasisPoints(basisPoints);
  return language === 'fr' ? rate.replace('.', ',') : rate;
}

function escapeXmp(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** XMP packet: PDF/A-3B identification, Dublin Core, dates, and the Factur-X extension schema. */
export function buildFacturXXmp(input: { title: string; author: string; producer: string; date: Date }): string {
  const iso = input.date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
<pdfaid:part>3</pdfaid:part>
<pdfaid:conformance>B</pdfaid:conformance>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeXmp(input.title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>${escapeXmp(input.author)}</rdf:li></rdf:Seq></dc:creator>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdf:Producer>${escapeXmp(input.producer)}</pdf:Producer>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<xmp:CreatorTool>${escapeXmp(input.producer)}</xmp:CreatorTool>
<xmp:CreateDate>${iso}</xmp:CreateDate>
<xmp:ModifyDate>${iso}</xmp:ModifyDate>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas>
<rdf:Bag>
<rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>${FACTURX_NAMESPACE}</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>fx</pdfaSchema:prefix>
<pdfaSchema:property>
<rdf:Seq>
<rdf:li rdf:parseType="Resource"><pdfaProperty:name>DocumentFileName</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The name of the embedded XML document</pdfaProperty:description></rdf:li>
<rdf:li rdf:parseType="Resource"><pdfaProperty:name>DocumentType</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The type of the hybrid document in capital letters, e.g. INVOICE or ORDER</pdfaProperty:description></rdf:li>
<rdf:li rdf:parseType="Resource"><pdfaProperty:name>Version</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The actual version of the standard applying to the embedded XML document</pdfaProperty:description></rdf:li>
<rdf:li rdf:parseType="Resource"><pdfaProperty:name>ConformanceLevel</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The conformance level of the embedded XML document</pdfaProperty:description></rdf:li>
</rdf:Seq>
</pdfaSchema:property>
</rdf:li>
</rdf:Bag>
</pdfaExtension:schemas>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:fx="${FACTURX_NAMESPACE}">
<fx:DocumentType>INVOICE</fx:DocumentType>
<fx:DocumentFileName>${FACTURX_FILE_NAME}</fx:DocumentFileName>
<fx:Version>1.0</fx:Version>
<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/** FNV-1a over the text, as 16 hex bytes twice: a stable trailer /ID without async hashing. */
function buildDocumentId(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i += 1) {
    h1 = Math.imul(h1 ^ text.charCodeAt(i), 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ text.charCodeAt(i), 0x811c9dc5) >>> 0;
  }
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  return `${hex(h1)}${hex(h2)}${hex(h1 ^ h2)}${hex(Math.imul(h1, 31) >>> 0)}`;
}

/** Builds the invoice PDF; finalised documents get the Factur-X attachment and PDF/A-3 metadata. */
export async function buildFacturXPdf(bundle: InvoiceBundle, options: FacturXPdfOptions = {}): Promise<Uint8Array> {
  const { document, seller, buyer } = bundle;
  const language = document.language;
  const L = PDF_LABELS[language];
  const totals = computeDocumentTotals(document);
  const isDraft = document.status !== 'final';
  const generatedAt = options.generatedAt ?? new Date(`${document.issue_date ?? '2000-01-01'}T00:00:00Z`);
  const producer = options.producer ?? 'Comptoir';
  const title = `${DOCUMENT_TITLES[language][document.kind]} ${document.number ?? L.draft}`;

  const pdf = await PDFDocument.create({ updateMetadata: false });
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const fonts: Fonts = { regular, bold, charset: new Set(regular.getCharacterSet()) };
  const logo: PDFImage | null = options.logo
    ? options.logo.type === 'png'
      ? await pdf.embedPng(options.logo.bytes)
      : await pdf.embedJpg(options.logo.bytes)
    : null;

  const pages: PDFPage[] = [];
  let page = pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
  pages.push(page);
  let y = PAGE_HEIGHT - MARGIN;
  const newPage = () => {
    page = pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    pages.push(page);
    y = PAGE_HEIGHT - MARGIN;
  };
  const ensure = (height: number) => {
    if (y - height < MARGIN + 20) newPage();
  };
  const text = (value: string, x: number, at: number, size = 9, font: PDFFont = regular, color = BLACK) => {
    page.drawText(toDrawable(value, fonts), { x, y: at, size, font, color });
  };
  const textRight = (value: string, right: number, at: number, size = 9, font: PDFFont = regular) => {
    const safe = toDrawable(value, fonts);
    page.drawText(safe, { x: right - font.widthOfTextAtSize(safe, size), y: at, size, font });
  };
  const paragraph = (value: string, size = 8, font: PDFFont = regular, color = BLACK) => {
    for (const line of wrapText(toDrawable(value, fonts), font, size, PAGE_WIDTH - 2 * MARGIN)) {
      ensure(size + 3);
      text(line, MARGIN, y, size, font, color);
      y -= size + 3;
    }
  };

  // Header: logo and seller identity on the left, title and dates on the right.
  let left = y;
  if (logo) {
    const scale = Math.min(120 / logo.width, 50 / logo.height, 1);
    page.drawImage(logo, {
      x: MARGIN,
      y: left - logo.height * scale,
      width: logo.width * scale,
      height: logo.height * scale,
    });
    left -= logo.height * scale + 8;
  }
  text(seller.name, MARGIN, left - 10, 11, bold);
  left -= 24;
  const sellerLines = [
    ...formatAddress(seller.address),
    [
      seller.legal_form,
      seller.share_capital_cents !== null ? L.capital(formatMoney(seller.share_capital_cents, language)) : '',
    ]
      .filter(Boolean)
      .join(' '),
    seller.siret ? `${L.siret} ${seller.siret}` : seller.siren ? `${L.siren} ${seller.siren}` : '',
    seller.rcs_city ? `${L.rcs} ${seller.rcs_city} ${seller.siren ?? ''}` : '',
    seller.rm_department ? `${L.rm} ${seller.siren ?? ''} ${seller.rm_department}` : '',
    seller.vat_number ? `${L.vatNumber} ${seller.vat_number}` : '',
    [seller.phone, seller.email].filter(Boolean).join(' — '),
  ].filter((l) => l.trim() !== '');
  for (const line of sellerLines) {
    text(line, MARGIN, left, 8, regular, GREY);
    left -= 11;
  }
  const right = PAGE_WIDTH - MARGIN;
  let top = y - 12;
  textRight(title, right, top, 16, bold);
  top -= 20;
  const headerFacts: [string, string][] = [
    [L.issueDate, formatDate(document.issue_date, language)],
    [L.deliveryDate, formatDate(document.delivery_date, language)],
    [L.dueDate, formatDate(document.due_date, language)],
    [L.purchaseOrder, document.purchase_order_ref ?? ''],
    [
      L.originalInvoice,
      document.original_invoice
        ? `${document.original_invoice.number} (${formatDate(document.original_invoice.issue_date, language)})`
        : '',
    ],
  ];
  for (const [label, value] of headerFacts) {
    if (!value) continue;
    textRight(`${label} : ${value}`, right, top, 9);
    top -= 12;
  }

  // Buyer block.
  let buyerY = top - 14;
  const buyerX = PAGE_WIDTH / 2 + 20;
  text(L.buyer, buyerX, buyerY, 8, bold, GREY);
  buyerY -= 12;
  text(buyer.name, buyerX, buyerY, 10, bold);
  buyerY -= 12;
  const buyerLines = [
    ...formatAddress(buyer.address),
    buyer.siret ? `${L.siret} ${buyer.siret}` : buyer.siren ? `${L.siren} ${buyer.siren}` : '',
    buyer.vat_number ? `${L.vatNumber} ${buyer.vat_number}` : '',
  ].filter(Boolean);
  for (const line of buyerLines) {
    text(line, buyerX, buyerY, 9);
    buyerY -= 11;
  }
  if (buyer.billing_address) {
    text(`${L.billingAddress} : ${formatAddress(buyer.billing_address).join(', ')}`, buyerX, buyerY, 8, regular, GREY);
    buyerY -= 11;
  }
  if (document.delivery_address) {
    const delivery =
      document.delivery_address === 'same_as_buyer'
        ? L.sameAsBuyer
        : formatAddress(document.delivery_address).join(', ');
    text(`${L.deliveryAddress} : ${delivery}`, buyerX, buyerY, 8, regular, GREY);
    buyerY -= 11;
  }
  y = Math.min(left, buyerY) - 16;

  // Lines table.
  const columns = { description: MARGIN, quantity: 330, unitPrice: 400, discount: 450, vat: 490, total: right };
  const drawTableHeader = () => {
    page.drawRectangle({
      x: MARGIN - 2,
      y: y - 4,
      width: PAGE_WIDTH - 2 * MARGIN + 4,
      height: 15,
      color: rgb(0.93, 0.93, 0.93),
    });
    text(L.description, columns.description, y, 8, bold);
    textRight(L.quantity, columns.quantity, y, 8, bold);
    textRight(L.unitPrice, columns.unitPrice, y, 8, bold);
    textRight(L.discount, columns.discount, y, 8, bold);
    textRight(L.vatRate, columns.vat, y, 8, bold);
    textRight(L.lineTotal, columns.total, y, 8, bold);
    y -= 16;
  };
  drawTableHeader();
  document.lines.forEach((line, i) => {
    const amounts = totals.lines[i] ?? { gross_cents: 0, discount_cents: 0, net_cents: 0 };
    const descriptionLines = wrapText(toDrawable(line.description, fonts), regular, 8.5, 270);
    const height = descriptionLines.length * 11 + 3;
    if (y - height < MARGIN + 20) {
      newPage();
      drawTableHeader();
    }
    descriptionLines.forEach((d, k) => text(d, columns.description, y - k * 11, 8.5));
    textRight(
      `${formatMilli(line.quantity_milli).replace('.', language === 'fr' ? ',' : '.')} ${line.unit}`,
      columns.quantity,
      y,
      8.5,
    );
    textRight(formatMoney(line.unit_price_cents, language), columns.unitPrice, y, 8.5);
    const discount =
      line.discount?.kind === 'percent'
        ? `${formatRate(line.discount.basis_points, language)} %`
        : amounts.discount_cents > 0
          ? formatMoney(amounts.discount_cents, language)
          : '';
    textRight(discount, columns.discount, y, 8.5);
    textRight(`${formatRate(line.vat_rate_bp, language)} %`, columns.vat, y, 8.5);
    textRight(formatMoney(amounts.net_cents, language), columns.total, y, 8.5);
    y -= height;
  });
  y -= 6;

  // VAT per rate, then totals.
  ensure(30 + totals.vat_groups.length * 12);
  text(`${L.vatRate}`, MARGIN, y, 8, bold);
  textRight(L.vatBase, MARGIN + 170, y, 8, bold);
  textRight(L.vatAmount, MARGIN + 250, y, 8, bold);
  let totalsY = y;
  y -= 12;
  for (const group of totals.vat_groups) {
    text(`${formatRate(group.vat_rate_bp, language)} %`, MARGIN, y, 8.5);
    textRight(formatMoney(group.base_cents, language), MARGIN + 170, y, 8.5);
    textRight(formatMoney(group.vat_cents, language), MARGIN + 250, y, 8.5);
    y -= 12;
  }
  const totalRows: [string, number, boolean][] = [];
  if (totals.document_discount_cents > 0) {
    totalRows.push(
      [L.lineTotal, totals.lines_net_cents, false],
      [L.documentDiscount, -totals.document_discount_cents, false],
    );
  }
  totalRows.push(
    [L.totalHt, totals.total_ht_cents, false],
    [L.totalVat, totals.total_vat_cents, false],
    [L.totalTtc, totals.total_ttc_cents, true],
  );
  if (totals.deposits_ttc_cents > 0) totalRows.push([L.deposits, -totals.deposits_ttc_cents, false]);
  totalRows.push([document.kind === 'credit_note' ? L.netToDeduct : L.netToPay, totals.amount_due_cents, true]);
  for (const [label, cents, isBold] of totalRows) {
    text(label, 380, totalsY, 9, isBold ? bold : regular);
    textRight(formatMoney(cents, language), right, totalsY, 9, isBold ? bold : regular);
    totalsY -= 13;
  }
  y = Math.min(y, totalsY) - 10;

  // Mentions.
  const exemptions = [...new Set(document.lines.map((l) => l.vat_exemption).filter((e) => !!e))];
  for (const exemption of exemptions) if (exemption) paragraph(EXEMPTION_TEXTS[language][exemption], 8.5, bold);
  for (const deposit of document.deposit_deductions ?? []) {
    paragraph(
      `${L.deposits} : ${deposit.invoice_number} (${formatDate(deposit.issue_date, language)}) ${formatMoney(deposit.ht_cents + deposit.vat_cents, language)}`,
    );
  }
  if (document.operation_category) paragraph(`${L.operationCategory} : ${L[document.operation_category]}`);
  if (document.vat_on_debits) paragraph(L.vatOnDebits);
  const terms = document.payment_terms;
  if (terms.means) paragraph(`${L.paymentMeans} : ${terms.means}`);
  if (seller.iban) paragraph(`${L.iban} : ${seller.iban}`);
  if (terms.early_payment_discount) {
    paragraph(
      terms.early_payment_discount.kind === 'none'
        ? L.noEarlyDiscount
        : L.earlyDiscount(
            formatRate(terms.early_payment_discount.basis_points, language),
            terms.early_payment_discount.within_days,
          ),
    );
  }
  if (terms.late_penalty_rate_bp !== null) paragraph(L.latePenalty(formatRate(terms.late_penalty_rate_bp, language)));
  if (terms.recovery_indemnity_cents !== null)
    paragraph(L.recoveryIndemnity(formatMoney(terms.recovery_indemnity_cents, language)));
  if (document.notes) paragraph(document.notes, 8.5);

  // Page numbers and, on drafts, the watermark.
  pages.forEach((p, i) => {
    const label = `${i + 1} / ${pages.length}`;
    p.drawText(label, {
      x: right - regular.widthOfTextAtSize(label, 7),
      y: MARGIN - 15,
      size: 7,
      font: regular,
      color: GREY,
    });
    if (isDraft) {
      p.drawText(L.draft, {
        x: 130,
        y: 250,
        size: 90,
        font: bold,
        color: rgb(0.85, 0.2, 0.2),
        opacity: 0.18,
        rotate: degrees(45),
      });
    }
  });

  pdf.setTitle(title, { showInWindowTitleBar: true });
  pdf.setAuthor(seller.name);
  pdf.setProducer(producer);
  pdf.setCreator(producer);
  pdf.setCreationDate(generatedAt);
  pdf.setModificationDate(generatedAt);
  pdf.setLanguage(language === 'fr' ? 'fr-FR' : 'en-GB');

  if (!isDraft) embedFacturX(pdf, bundle, options, { title, producer, generatedAt });
  return pdf.save({ useObjectStreams: false });
}

function embedFacturX(
  pdf: PDFDocument,
  bundle: InvoiceBundle,
  options: FacturXPdfOptions,
  meta: { title: string; producer: string; generatedAt: Date },
): void {
  const context = pdf.context;
  const xml = options.xml ?? buildFacturXXml(bundle);
  const xmlBytes = encodeUtf8(xml);
  const pdfDate = PDFString.fromDate(meta.generatedAt);

  const fileStream = context.flateStream(xmlBytes, {
    Type: 'EmbeddedFile',
    Subtype: 'text/xml',
    Params: { Size: xmlBytes.length, ModDate: pdfDate },
  });
  const fileStreamRef = context.register(fileStream);
  const fileSpec = context.obj({
    Type: 'Filespec',
    F: PDFString.of(FACTURX_FILE_NAME),
    UF: PDFHexString.fromText(FACTURX_FILE_NAME),
    EF: { F: fileStreamRef, UF: fileStreamRef },
    Desc: PDFString.of('Factur-X invoice'),
    AFRelationship: options.afRelationship ?? 'Data',
  });
  const fileSpecRef = context.register(fileSpec);
  const catalog = pdf.catalog;
  catalog.set(PDFName.of('AF'), context.obj([fileSpecRef]));
  catalog.set(
    PDFName.of('Names'),
    context.obj({ EmbeddedFiles: { Names: [PDFString.of(FACTURX_FILE_NAME), fileSpecRef] } }),
  );

  const xmp = buildFacturXXmp({
    title: meta.title,
    author: bundle.seller.name,
    producer: meta.producer,
    date: meta.generatedAt,
  });
  // PDF/A: the metadata stream must stay uncompressed so any reader can find the identification.
  const metadata = context.stream(encodeUtf8(xmp), { Type: 'Metadata', Subtype: 'XML' });
  catalog.set(PDFName.of('Metadata'), context.register(metadata));

  const icc = context.flateStream(buildSrgbIccProfile(), { N: 3 });
  const intent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
    RegistryName: PDFString.of('http://www.color.org'),
    Info: PDFString.of('sRGB IEC61966-2.1'),
    DestOutputProfile: context.register(icc),
  });
  catalog.set(PDFName.of('OutputIntents'), context.obj([intent]));
  catalog.set(PDFName.of('MarkInfo'), context.obj({ Marked: false }));

  const id = PDFHexString.of(buildDocumentId(`${meta.title}|${xml}`));
  context.trailerInfo.ID = context.obj([id, id]);
}

/** Reads back the embedded `factur-x.xml` bytes of a PDF (null when there is none). */
export async function extractFacturXXml(bytes: Uint8Array): Promise<Uint8Array | null> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const names = pdf.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const embedded = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const list = embedded?.lookupMaybe(PDFName.of('Names'), PDFArray);
  if (!list) return null;
  for (let i = 0; i + 1 < list.size(); i += 2) {
    const name = list.lookup(i);
    const nameText = name instanceof PDFString || name instanceof PDFHexString ? name.decodeText() : '';
    if (nameText !== FACTURX_FILE_NAME) continue;
    const spec = list.lookup(i + 1, PDFDict);
    const stream = spec.lookup(PDFName.of('EF'), PDFDict).lookup(PDFName.of('F'));
    if (stream instanceof PDFRawStream) return decodePDFRawStream(stream).decode();
  }
  return null;
}
