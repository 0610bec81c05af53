/**
 * Validation of a Factur-X CII XML with the official artefacts of Factur-X 1.09 EN16931
 * (facturx/en16931/): the XSD through xmllint-wasm (libxml2 compiled to WebAssembly) and the
 * Schematron business rules (BR-*, BR-CO-*, FX-SCH-*) through SaxonJS, which runs the Schematron
 * already compiled to XSLT 2.0 by FNFE-MPE — itself compiled once to SaxonJS's SEF form
 * (see test/facturx-resources.ts) because compiling 650 kB of XSLT takes about a minute.
 *
 * No file access here: the caller passes the artefacts in, so the same function runs in Node
 * (tests, server) and Deno. Both libraries are loaded lazily — only validation needs them.
 */

export type XmlFile = { fileName: string; contents: string };

export type FacturXValidationResources = {
  /** The XSD files; the first one is the entry schema (Factur-X_EN16931.xsd), the rest its imports. */
  xsdFiles: readonly XmlFile[];
  /** SaxonJS SEF (JSON text, with its checksum) of Factur-X_1.09_EN16931.xsl. */
  schematronSef: string;
  /** FACTUR-X_EN16931_codedb.xml, read by the rules through document(). */
  codeDb: string;
};

export type SchematronFailure = { id: string; flag: string; location: string; text: string };
export type FacturXValidation = { xsd: string[]; schematron: SchematronFailure[] };

type XmllintModule = {
  validateXML(options: {
    xml: XmlFile;
    schema: XmlFile;
    preload: readonly XmlFile[];
  }): Promise<{ valid: boolean; errors: readonly { rawMessage: string }[] }>;
};
type SaxonModule = {
  transform(options: Record<string, unknown>, mode: 'sync'): { principalResult: string };
  getResource(options: { text: string; type: 'xml' }): Promise<unknown>;
};

/**
 * Where the stylesheet pretends to live, so document('FACTUR-X_EN16931_codedb.xml') resolves to
 * CODE_DB_URI, which the documentPool answers without any network access. The SEF must be compiled
 * with this base URI (it is baked into the compiled tree).
 */
export const SCHEMATRON_STYLESHEET_BASE = 'https://facturx.invalid/en16931/Factur-X_1.09_EN16931.xsl';
const CODE_DB_URI = 'https://facturx.invalid/en16931/FACTUR-X_EN16931_codedb.xml';

async function loadModule<T>(name: string): Promise<T> {
  const module = (await import(name)) as { default?: T } & T;
  return module.default ?? module;
}

/** Decodes the few entities SVRL text can carry. */
function decodeXmlText(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Extracts every svrl:failed-assert (and successful-report) of an SVRL report. */
export function parseSvrlFailures(svrl: string): SchematronFailure[] {
  const failures: SchematronFailure[] = [];
  const pattern =
    /<svrl:(?:failed-assert|successful-report)\b([^>]*)>([\s\S]*?)<\/svrl:(?:failed-assert|successful-report)>/g;
  for (const match of svrl.matchAll(pattern)) {
    const attributes = match[1] ?? '';
    const attribute = (name: string) => decodeXmlText(new RegExp(`\\b${name}="([^"]*)"`).exec(attributes)?.[1] ?? '');
    const text = /<svrl:text>([\s\S]*?)<\/svrl:text>/.exec(match[2] ?? '')?.[1] ?? '';
    failures.push({
      id: attribute('id'),
      flag: attribute('flag'),
      location: attribute('location'),
      text: decodeXmlText(text),
    });
  }
  return failures;
}

/** Runs the XSD and the Schematron over a CII XML; empty arrays mean valid. */
export async function validateFacturXXml(
  xml: string,
  resources: FacturXValidationResources,
): Promise<FacturXValidation> {
  const [schema, ...imports] = resources.xsdFiles;
  if (!schema) throw new Error('validateFacturXXml: no XSD given');
  const xmllint = await loadModule<XmllintModule>('xmllint-wasm');
  const xsdResult = await xmllint.validateXML({
    xml: { fileName: 'factur-x.xml', contents: xml },
    schema,
    preload: imports,
  });
  const xsd = xsdResult.valid ? [] : xsdResult.errors.map((e) => e.rawMessage);

  const saxon = await loadModule<SaxonModule>('saxon-js');
  let schematron: SchematronFailure[];
  try {
    const codeDb = await saxon.getResource({ text: resources.codeDb, type: 'xml' });
    const result = saxon.transform(
      {
        stylesheetText: resources.schematronSef,
        stylesheetBaseURI: SCHEMATRON_STYLESHEET_BASE,
        sourceText: xml,
        documentPool: { [CODE_DB_URI]: codeDb },
        destination: 'serialized',
      },
      'sync',
    );
    schematron = parseSvrlFailures(result.principalResult);
  } catch (error) {
    // A document the XSLT cannot even parse: report it as one failure rather than throwing.
    schematron = [{ id: 'PARSE', flag: 'fatal', location: '/', text: String((error as Error).message ?? error) }];
  }
  return { xsd, schematron };
}
