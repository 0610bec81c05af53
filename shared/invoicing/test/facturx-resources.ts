/**
 * Test support (Node only): loads the vendored Factur-X EN16931 artefacts and compiles the
 * Schematron XSLT to a SaxonJS SEF once, cached under node_modules/.cache keyed by the XSL's
 * SHA-256, so only the first run pays the ~1 minute compile.
 *
 * SaxonJS compiles XSLT on the fly inside fn:transform but exposes no "export SEF" call (that is the
 * xslt3 CLI, which we do not install): we capture the compiled tree from XPath.sefToJSON and add the
 * checksum SaxonJS verifies on load — the algorithm below is SaxonJS 2.7's own.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMATRON_STYLESHEET_BASE } from '../facturx/validate.ts';
import type { FacturXValidationResources } from '../facturx/validate.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const DIR = path.join(here, '..', 'facturx', 'en16931');
const CACHE_DIR = path.join(here, '..', '..', '..', 'node_modules', '.cache', 'comptoir-facturx');
const XSL = 'Factur-X_1.09_EN16931.xsl';

type SefNode = { N: string; C?: SefNode[]; [key: string]: unknown };
type Saxon = {
  XPath: {
    evaluate(expression: string, context: unknown, options: Record<string, unknown>): unknown;
    sefToJSON: (...args: unknown[]) => SefNode;
  };
  getResource(options: { text: string; type: 'xml' }): Promise<unknown>;
  setLogLevel(level: number): void;
  getLogLevel(): number;
};

/** SaxonJS 2.7's SEF checksum (the property "Σ"), reproduced from its loader. */
function computeSefChecksum(root: SefNode): string {
  const hashString = (s: string, seed: number) => {
    let k = seed << 8;
    for (let i = 0; i < s.length; i += 1) k = (k << 1) + s.charCodeAt(i);
    return k;
  };
  const mix = (a: string, b: string, seed: number) => hashString(a, seed) ^ hashString(b, seed);
  let h = 0;
  let s = 0;
  const visit = (node: SefNode) => {
    h ^= mix(node.N, 'http://ns.saxonica.com/xslt/export', s++);
    for (const key in node) {
      if (!Object.prototype.hasOwnProperty.call(node, key)) continue;
      if (['N', 'C', 'ELAB', 'PUSH', 'parentNode', 'Σ'].includes(key)) continue;
      if (node.N === 'catch' && key === 'test') continue;
      h ^= mix(key, '', s);
      h ^= hashString(String(node[key]), s);
    }
    node.C?.forEach(visit);
    h ^= 1;
  };
  visit(root);
  return (h < 0 ? 4294967295 + h + 1 : h).toString(16);
}

async function compileSef(xsl: string): Promise<string> {
  const saxon = createRequire(import.meta.url)('saxon-js') as Saxon;
  const original = saxon.XPath.sefToJSON;
  let captured: SefNode | null = null;
  saxon.XPath.sefToJSON = (...args: unknown[]) => (captured = original.apply(saxon.XPath, args));
  // The compiler warns about the Schematron's literal `false` tests; those warnings are expected.
  const previousLevel = saxon.getLogLevel();
  saxon.setLogLevel(0);
  try {
    const doc = await saxon.getResource({ text: '<empty/>', type: 'xml' });
    saxon.XPath.evaluate(
      "transform(map{'stylesheet-text': $xsl, 'stylesheet-base-uri': $base, 'source-node': $doc, 'delivery-format': 'serialized'})",
      null,
      {
        params: { xsl, doc, base: SCHEMATRON_STYLESHEET_BASE },
      },
    );
  } finally {
    saxon.XPath.sefToJSON = original;
    saxon.setLogLevel(previousLevel);
  }
  if (!captured) throw new Error('SaxonJS did not compile the Schematron XSLT');
  const sef = captured as SefNode;
  const text = JSON.stringify(sef, (key, value: unknown) => (key === 'parentNode' ? undefined : value));
  const clean = JSON.parse(text) as SefNode;
  clean['Σ'] = computeSefChecksum(clean);
  return JSON.stringify(clean);
}

/** The artefacts validateFacturXXml needs, the SEF compiled on first use and cached on disk. */
export async function loadFacturXResources(): Promise<FacturXValidationResources> {
  const read = (name: string) => readFileSync(path.join(DIR, name), 'utf8');
  const xsl = read(XSL);
  const key = createHash('sha256').update(xsl).digest('hex').slice(0, 16);
  const cached = path.join(CACHE_DIR, `en16931-${key}.sef.json`);
  let sef: string;
  if (existsSync(cached)) sef = readFileSync(cached, 'utf8');
  else {
    sef = await compileSef(xsl);
    mkdirSync(CACHE_DIR, { recursive: true });
    writeFileSync(cached, sef);
  }
  const xsdNames = [
    'Factur-X_EN16931.xsd',
    'Factur-X_1.09_EN16931_urn_un_unece_uncefact_data_standard_QualifiedDataType_100.xsd',
    'Factur-X_1.09_EN16931_urn_un_unece_uncefact_data_standard_ReusableAggregateBusinessInformationEntity_100.xsd',
    'Factur-X_1.09_EN16931_urn_un_unece_uncefact_data_standard_UnqualifiedDataType_100.xsd',
  ];
  return {
    xsdFiles: xsdNames.map((fileName) => ({ fileName, contents: read(fileName) })),
    schematronSef: sef,
    codeDb: read('FACTUR-X_EN16931_codedb.xml'),
  };
}
