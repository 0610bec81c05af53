import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Company } from './company.ts';
import { COMPANY_DEFAULTS } from './company.ts';
import type { Contact } from './contact.ts';
import { CONTACT_DEFAULTS, PROCESSING_BASES } from './contact.ts';
import { buildContactsCsv, CONTACT_CSV_COLUMNS } from './csv-export.ts';
import type { CsvLocale } from './csv-export.ts';
import {
  buildImportReportCsv,
  decodeCsvBytes,
  guessMapping,
  parseCsv,
  planImport,
  splitFullName,
  validateCompanyImportRows,
  validateContactImportRows,
  validateImportRows,
} from './csv-import.ts';
import type { ContactImportRow } from './csv-import.ts';
import { buildCompanyDuplicateIndex, buildDuplicateIndex } from './duplicates.ts';

const TENANT = '019a8f00-1000-7000-8000-000000000001';
const OWNER = '019a8f00-1000-7000-8000-00000000000a';

function makeContact(id: string, fields: Partial<Contact> = {}): Contact {
  return {
    ...CONTACT_DEFAULTS,
    id,
    tenant_id: TENANT,
    consent_marketing_at: null,
    last_contacted_at: null,
    score: null,
    score_explanation: null,
    scored_at: null,
    created_at: '2026-11-01T10:00:00Z',
    updated_at: '2026-11-01T10:00:00Z',
    ...fields,
  };
}

function makeCompany(id: string, name: string, fields: Partial<Company> = {}): Company {
  return {
    ...COMPANY_DEFAULTS,
    id,
    tenant_id: TENANT,
    name,
    created_at: '2026-11-01T10:00:00Z',
    updated_at: '2026-11-01T10:00:00Z',
    ...fields,
  };
}

const GARAGE = makeCompany('019a8f00-1000-7000-8000-0000000000c1', 'Garage du Centre SARL');
const PIXEL = makeCompany('019a8f00-1000-7000-8000-0000000000c2', 'Studio Pixel');

/** windows-1252 bytes of a text (the characters this test uses). */
function encodeWindows1252(text: string): Uint8Array {
  const special: Record<string, number> = { '€': 0x80, Œ: 0x8c, œ: 0x9c, '’': 0x92 };
  return Uint8Array.from([...text].map((c) => special[c] ?? c.charCodeAt(0)));
}

function encodeUtf8(text: string): Uint8Array {
  const Encoder = (globalThis as unknown as { TextEncoder: new () => { encode(t: string): Uint8Array } }).TextEncoder;
  return new Encoder().encode(text);
}

describe('decodeCsvBytes', () => {
  it('reads UTF-8 and drops its BOM', () => {
    expect(decodeCsvBytes(encodeUtf8('\uFEFFPrénom;Société\r\nHélène;Œuvre'))).toEqual({
      text: 'Prénom;Société\r\nHélène;Œuvre',
      encoding: 'utf-8',
    });
  });

  it('falls back to windows-1252 when the bytes are not UTF-8 (French Excel)', () => {
    expect(decodeCsvBytes(encodeWindows1252('Prénom;Société\r\nHélène;Œuvre 5€'))).toEqual({
      text: 'Prénom;Société\r\nHélène;Œuvre 5€',
      encoding: 'windows-1252',
    });
  });
});

describe('parseCsv', () => {
  it.each([
    [';', 'Prénom;Nom;Ville\r\nJean;Dupont, fils;Lyon\r\nMarie;Martin;Paris, 15e\r\n'],
    [',', 'First name,Last name,City\nJean,"Dupont; fils",Lyon\nMarie,Martin,Paris\n'],
    ['\t', 'Prénom\tNom\tVille\nJean\tDupont\tLyon\nMarie\tMartin\tParis\n'],
  ])('guesses the %j delimiter', (delimiter, text) => {
    const parsed = parseCsv(text);
    expect(parsed.delimiter).toBe(delimiter);
    expect(parsed.headers).toHaveLength(3);
    expect(parsed.rows).toHaveLength(2);
    expect(parsed.rows.every((r) => r.length === 3)).toBe(true);
  });

  it('strips the BOM, trims headers, keeps quoted multi-line cells and skips blank lines', () => {
    const parsed = parseCsv('\uFEFF Prénom ;Notes\r\nJean;"ligne 1\r\nligne ""2"""\r\n\r\n;\r\nMarie;ok\r\n');
    expect(parsed.headers).toEqual(['Prénom', 'Notes']);
    expect(parsed.rows).toEqual([
      ['Jean', 'ligne 1\r\nligne "2"'],
      ['Marie', 'ok'],
    ]);
  });
});

describe('a French Excel file end to end', () => {
  const lines = [
    'Prénom;Nom;Société;Téléphone;E-mail;Étiquettes;Code postal;Ville',
    'Hélène;Dupré;Garage du Centre;06 12 34 56 78;helene@garage.fr;client, atelier;69003;Lyon',
    'François;Lefèvre;Œnologie & Cie;04.78.12.34.56;;prospect;69100;Villeurbanne',
  ];

  it.each([
    ['UTF-8 with a BOM', encodeUtf8(`\uFEFF${lines.join('\r\n')}\r\n`), 'utf-8'],
    ['windows-1252', encodeWindows1252(`${lines.join('\r\n')}\r\n`), 'windows-1252'],
  ])('reads %s', async (_label, bytes, encoding) => {
    const decoded = decodeCsvBytes(bytes);
    expect(decoded.encoding).toBe(encoding);
    const parsed = parseCsv(decoded.text);
    expect(parsed).toMatchObject({ delimiter: ';', errors: [] });
    expect(parsed.headers[0]).toBe('Prénom');
    const results = await validateContactImportRows(parsed.rows, guessMapping(parsed.headers, 'contacts'), {
      companyIndex: buildCompanyDuplicateIndex([GARAGE]),
    });
    expect(results.map((r) => r.values)).toEqual([
      {
        first_name: 'Hélène',
        last_name: 'Dupré',
        company_id: GARAGE.id,
        phone: '+33612345678',
        email: 'helene@garage.fr',
        tags: ['client', 'atelier'],
        postal_code: '69003',
        city: 'Lyon',
      },
      {
        first_name: 'François',
        last_name: 'Lefèvre',
        phone: '+33478123456',
        tags: ['prospect'],
        postal_code: '69100',
        city: 'Villeurbanne',
      },
    ]);
    expect(results[1]?.company).toEqual({ name: 'Œnologie & Cie' });
  });

  it('reports an unclosed quote for the preview', () => {
    expect(parseCsv('Nom;Ville\nDupont;"Lyon\n').errors).toEqual([{ row: 0, code: 'MissingQuotes' }]);
  });
});

describe('guessMapping', () => {
  it.each<[string, string, string | null]>([
    ['contacts', 'Prénom', 'first_name'],
    ['contacts', 'NOM', 'last_name'],
    ['contacts', 'E-mail', 'email'],
    ['contacts', 'Courriel', 'email'],
    ['contacts', 'Adresse e-mail', 'email'],
    ['contacts', 'Téléphone', 'phone'],
    ['contacts', 'Tél.', 'phone'],
    ['contacts', 'Portable', 'mobile'],
    ['contacts', 'Téléphone portable', 'mobile'],
    ['contacts', 'Société', 'company_name'],
    ['contacts', 'Entreprise', 'company_name'],
    ['contacts', 'Fonction', 'job_title'],
    ['contacts', 'Adresse', 'address_line1'],
    ['contacts', 'Adresse de facturation', 'address_line1'],
    ['contacts', 'Code postal', 'postal_code'],
    ['contacts', 'CP', 'postal_code'],
    ['contacts', 'Ville', 'city'],
    ['contacts', 'Étiquettes', 'tags'],
    ['contacts', 'Tags', 'tags'],
    ['contacts', 'Nom complet', 'full_name'],
    ['contacts', 'Full name', 'full_name'],
    ['contacts', 'Opt-in', 'consent_marketing'],
    ['contacts', 'Dernier contact', null],
    ['contacts', 'Couleur préférée', null],
    ['companies', 'Raison sociale', 'name'],
    ['companies', 'SIRET', 'siret'],
    ['companies', 'N° SIREN', 'siren'],
    ['companies', 'TVA intracommunautaire', 'vat_number'],
    ['companies', 'N° TVA', 'vat_number'],
    ['companies', 'Site web', 'website'],
    ['companies', 'Site Internet', 'website'],
    ['companies', "Complément d'adresse", 'address_line2'],
    ['companies', 'Effectif', 'size'],
    ['companies', 'Secteur d’activité', 'sector'],
  ])('%s: %j → %s', (table, header, field) => {
    expect(guessMapping([header], table as 'contacts' | 'companies')).toEqual([field]);
  });

  it('uses each field once, the first column winning', () => {
    expect(guessMapping(['Email', 'E-mail', 'Nom', 'Prénom', 'Mobile', 'Portable'], 'contacts')).toEqual([
      'email',
      null,
      'last_name',
      'first_name',
      'mobile',
      null,
    ]);
  });

  it.each<[CsvLocale]>([['fr'], ['en']])('recognises every header of its own %s export', (locale) => {
    const csv = buildContactsCsv([], new Map(), { locale });
    const mapping = guessMapping(parseCsv(csv).headers, 'contacts');
    const expected = CONTACT_CSV_COLUMNS.map((c) =>
      c === 'company' ? 'company_name' : ['last_contacted_at', 'created_at', 'updated_at'].includes(c) ? null : c,
    );
    expect(mapping).toEqual(expected);
  });
});

describe('splitFullName', () => {
  it.each([
    ['Jean Dupont', 'Jean', 'Dupont'],
    ['DUPONT Jean', 'Jean', 'DUPONT'],
    ['Jean-Pierre DE LA FONTAINE', 'Jean-Pierre', 'DE LA FONTAINE'],
    ['Marie Claire Martin', 'Marie Claire', 'Martin'],
    ['Cher', null, 'Cher'],
  ])('%j', (full, first, last) => {
    expect(splitFullName(full)).toEqual({ first_name: first, last_name: last });
  });
});

describe('validateContactImportRows', () => {
  const headers = ['Prénom', 'Nom', 'E-mail', 'Téléphone', 'Société', 'Étiquettes', 'Consentement', 'Pays'];
  const mapping = guessMapping(headers, 'contacts');
  const ctx = {
    contactIndex: buildDuplicateIndex([
      makeContact('existing-1', { first_name: 'Hélène', last_name: 'Dupré', email: 'helene@garage.fr', city: 'Lyon' }),
    ]),
    companyIndex: buildCompanyDuplicateIndex([GARAGE, PIXEL]),
    defaults: { owner_id: OWNER },
  };

  it('returns the validated values, the company to link and the errors per field', async () => {
    const results = await validateContactImportRows(
      [
        [
          'Jean',
          'Dupont',
          'Jean@Exemple.fr',
          '06 12 34 56 78',
          'GARAGE DU CENTRE',
          'VIP, salon; Lyon',
          'oui',
          'France',
        ],
        ['Zoé', 'Martin', 'pas-un-mail', '12', 'Nouvelle Boîte', '', 'peut-être', 'Narnia'],
        ['', '', '', '', '', '', '', ''],
        ['Léa', 'Roux', '', '', 'Nouvelle Boîte SAS', '', 'non', 'be'],
      ],
      mapping,
      ctx,
    );
    expect(results[0]).toMatchObject({
      rowNumber: 2,
      values: {
        first_name: 'Jean',
        last_name: 'Dupont',
        email: 'jean@exemple.fr',
        phone: '+33612345678',
        company_id: GARAGE.id,
        tags: ['VIP', 'salon', 'Lyon'],
        consent_marketing: true,
        country: 'FR',
        owner_id: OWNER,
      },
      company: { id: GARAGE.id },
      errors: [],
    });
    expect(results[1]?.values).toBeNull();
    expect(results[1]?.errors).toEqual([
      { field: 'consent_marketing', rule: 'boolean' },
      { field: 'country', rule: 'country' },
      { field: 'email', rule: 'email' },
      { field: 'phone', rule: 'phone' },
    ]);
    expect(results[2]?.errors).toEqual([{ field: 'last_name', rule: 'name_or_email_required' }]);
    expect(results[3]).toMatchObject({
      values: { country: 'BE', consent_marketing: false },
      company: { name: 'Nouvelle Boîte SAS' },
    });
  });

  it('reports rules for too long and unknown options', async () => {
    const results = await validateContactImportRows(
      [['x'.repeat(101), 'Legal', 'truc']],
      ['first_name', 'last_name', 'processing_basis'],
    );
    expect(results[0]?.errors).toEqual([
      { field: 'processing_basis', rule: 'processing_basis' },
      { field: 'first_name', rule: 'too_long' },
    ]);
  });

  it('finds duplicates among existing contacts and earlier rows of the file', async () => {
    const results = await validateContactImportRows(
      [
        ['Helene', 'DUPRE', 'HELENE@garage.fr', '', '', '', '', ''],
        ['Paul', 'Henry', 'paul@x.fr', '0478123456', 'Studio Pixel', '', '', ''],
        ['Paul', 'Henri', '', '', 'Studio Pixel', '', '', ''],
        ['Autre', 'Personne', '', '04 78 12 34 56', '', '', '', ''],
      ],
      mapping,
      ctx,
    );
    expect(results[0]?.duplicates.map((d) => [d.id, d.reasons])).toEqual([['existing-1', ['email', 'name']]]);
    expect(results.map((r) => r.duplicateOfRow)).toEqual([null, null, 3, 3]);
  });

  it('reports monotonic progress per chunk and stops when aborted', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => ['A', `N${i}`, '', '', '', '', '', '']);
    const progress: [number, number][] = [];
    await validateImportRows(
      rows,
      mapping,
      'contacts',
      {},
      { chunkSize: 3, onProgress: (d, t) => progress.push([d, t]) },
    );
    expect(progress).toEqual([
      [3, 10],
      [6, 10],
      [9, 10],
      [10, 10],
    ]);
    const signal = { aborted: false };
    const run = validateImportRows(
      rows,
      mapping,
      'contacts',
      {},
      { chunkSize: 3, signal, onProgress: () => (signal.aborted = true) },
    );
    await expect(run).rejects.toThrow('import_aborted');
  });
});

describe('validation of arbitrary input', () => {
  it('never throws: every row gets values or errors, in order', async () => {
    const fields = [
      ...new Set([
        'first_name',
        'last_name',
        'full_name',
        'email',
        'phone',
        'mobile',
        'company_name',
        'tags',
        'consent_marketing',
        'processing_basis',
        'country',
        'notes',
        'name',
        'siren',
        'siret',
        'vat_number',
        'website',
        'size',
      ] as const),
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.string({ maxLength: 20 }), { maxLength: 6 }), { maxLength: 10 }),
        fc.array(fc.option(fc.constantFrom(...fields), { nil: null }), { maxLength: 6 }),
        fc.constantFrom<'contacts' | 'companies'>('contacts', 'companies'),
        async (rows, mapping, table) => {
          const results =
            table === 'contacts'
              ? await validateImportRows(rows, mapping, 'contacts')
              : await validateImportRows(rows, mapping, 'companies');
          expect(results.map((r) => r.rowNumber)).toEqual(rows.map((_, i) => i + 2));
          for (const r of results) expect(r.values === null).toBe(r.errors.length > 0);
          const plan = planImport(results);
          expect(plan.outcomes).toHaveLength(rows.length);
          expect(buildImportReportCsv(plan).split('\r\n').length).toBeGreaterThan(rows.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('validateCompanyImportRows', () => {
  it('validates identifiers and finds existing companies by SIREN, name or website', async () => {
    const headers = ['Raison sociale', 'SIREN', 'SIRET', 'Site web', 'Effectif'];
    const mapping = guessMapping(headers, 'companies');
    const ctx = {
      companyIndex: buildCompanyDuplicateIndex([makeCompany('g', 'Garage du Centre', { siren: '542051180' }), PIXEL]),
    };
    const results = await validateCompanyImportRows(
      [
        ['Garage Central', '', '542 051 180 00066', '', '10-49'],
        ['STUDIO PIXEL SAS', '', '', 'www.pixel.fr', ''],
        ['Mauvais', '123456789', '44306184100047', 'pas un site', 'énorme'],
        ['Nouvelle', '443061841', '44306184100047', '', ''],
      ],
      mapping,
      ctx,
    );
    expect(results[0]?.duplicates.map((d) => [d.id, d.reasons])).toEqual([['g', ['siren', 'name']]]);
    expect(results[0]?.values).toMatchObject({ siret: '54205118000066', size: '10-49' });
    expect(results[1]?.duplicates.map((d) => d.id)).toEqual([PIXEL.id]);
    expect(results[1]?.values?.website).toBe('https://www.pixel.fr');
    expect(results[2]?.errors.map((e) => `${e.field}:${e.rule}`).sort()).toEqual([
      'siren:siren',
      'size:invalid_option',
      'website:website',
    ]);
    expect(results[3]?.errors).toEqual([]);
  });
});

describe('planImport', () => {
  const existing = makeContact('existing-1', {
    first_name: 'Hélène',
    last_name: 'Dupré',
    email: 'helene@garage.fr',
    city: 'Lyon',
    tags: ['VIP'],
    consent_marketing: false,
  });
  const headers = ['Prénom', 'Nom', 'E-mail', 'Ville', 'Fonction', 'Étiquettes', 'Consentement', 'Société'];
  const mapping = guessMapping(headers, 'contacts');
  const rows = [
    ['Hélène', 'Dupré', 'helene@garage.fr', 'Paris', 'Gérante', 'salon', 'oui', ''],
    ['Jean', 'Dupont', 'jean@x.fr', '', '', 'a', '', 'Nouvelle Boîte'],
    ['Jean', 'Dupont', 'JEAN@x.fr', 'Lyon', 'Gérant', 'b', '', 'Nouvelle Boîte SAS'],
    ['', '', 'faux', '', '', '', '', ''],
    ['Hélène', 'Dupré', 'helene@garage.fr', '', 'Directrice', '', '', ''],
  ];
  const validate = () => validateContactImportRows(rows, mapping, { contactIndex: buildDuplicateIndex([existing]) });

  it('merges into existing records (filling gaps only), folds in-file duplicates, rejects invalid rows', async () => {
    const plan = planImport(await validate());
    expect(plan.summary).toEqual({ created: 1, merged: 3, rejected: 1 });
    // City and consent already set on the existing contact: kept; job title and a tag added.
    expect(plan.merge).toEqual([
      {
        rowNumber: 2,
        targetId: 'existing-1',
        patch: { job_title: 'Gérante', tags: ['VIP', 'salon'] },
        companyName: null,
        mergedRows: [6],
      },
    ]);
    expect(plan.create).toHaveLength(1);
    expect(plan.create[0]).toMatchObject({
      rowNumber: 3,
      values: { first_name: 'Jean', email: 'jean@x.fr', city: 'Lyon', job_title: 'Gérant', tags: ['a', 'b'] },
      companyName: 'Nouvelle Boîte',
      mergedRows: [4],
    });
    expect(plan.companiesToCreate).toEqual(['Nouvelle Boîte']);
    expect(plan.reject).toEqual([{ rowNumber: 5, reasons: [{ field: 'email', rule: 'email' }] }]);
    expect(plan.outcomes.map((o) => [o.rowNumber, o.status, o.targetId ?? o.targetRow])).toEqual([
      [2, 'merged', 'existing-1'],
      [3, 'created', null],
      [4, 'merged', 3],
      [5, 'rejected', null],
      [6, 'merged', 'existing-1'],
    ]);
  });

  it('skips or creates duplicates by policy', async () => {
    const results = await validate();
    const skipped = planImport(results, { duplicatePolicy: 'skip' });
    expect(skipped.summary).toEqual({ created: 1, merged: 0, rejected: 4 });
    expect(skipped.reject.map((r) => r.reasons[0]?.rule)).toEqual([
      'duplicate',
      'duplicate_in_file',
      'email',
      'duplicate_in_file',
    ]);
    const created = planImport(results, { duplicatePolicy: 'create' });
    expect(created.summary).toEqual({ created: 4, merged: 0, rejected: 1 });
    expect(created.outcomes[0]?.reasons).toEqual([{ field: 'row', rule: 'possible_duplicate' }]);
  });

  it('writes a downloadable report, translated when a translate function is given', async () => {
    const plan = planImport(await validate());
    expect(buildImportReportCsv(plan)).toBe(
      '\uFEFFrow;status;target;reasons\r\n2;merged;existing-1;\r\n3;created;;\r\n4;merged;#3;\r\n5;rejected;;E-mail: email\r\n6;merged;existing-1;\r\n',
    );
    const fr: Record<string, string> = {
      'import.report.row': 'Ligne',
      'import.report.status': 'Statut',
      'import.report.target': 'Fusionné avec',
      'import.report.reasons': 'Motifs',
      'import.status.created': 'créé',
      'import.status.merged': 'fusionné',
      'import.status.rejected': 'rejeté',
      'import.rules.email': 'adresse e-mail invalide',
    };
    const report = buildImportReportCsv(plan, { translate: (key) => fr[key] ?? key, delimiter: ',' });
    expect(report.split('\r\n')[0]).toBe('\uFEFFLigne,Statut,Fusionné avec,Motifs');
    expect(report).toContain('5,rejeté,,E-mail: adresse e-mail invalide');
  });

  it(
    'validates and plans 100,000 rows in chunks with monotonic progress (rows/s printed)',
    { timeout: 120_000 },
    async () => {
      const existingRows = Array.from({ length: 20_000 }, (_, i) =>
        makeContact(`e${i}`, { first_name: `Prénom${i % 97}`, last_name: `Nom${i}`, email: `e${i}@exemple.fr` }),
      );
      const ctx = {
        contactIndex: buildDuplicateIndex(existingRows),
        companyIndex: buildCompanyDuplicateIndex([GARAGE, PIXEL]),
      };
      const big = Array.from({ length: 100_000 }, (_, i) => [
        `Prénom${i % 89}`,
        `${String.fromCharCode(65 + (i % 26))}nom${i}`,
        i % 100 === 0 ? 'invalide' : i % 50 === 1 ? `e${i % 20_000}@exemple.fr` : `p${i}@exemple.fr`,
        `06${String(10_000_000 + i).slice(-8)}`,
        i % 3 === 0 ? 'Garage du Centre' : `Société ${i % 500}`,
        'import',
        i % 2 === 0 ? 'oui' : 'non',
        'FR',
      ]);
      const mapping = guessMapping(
        ['Prénom', 'Nom', 'E-mail', 'Portable', 'Société', 'Étiquettes', 'Consentement', 'Pays'],
        'contacts',
      );
      const progress: number[] = [];
      const started = performance.now();
      const results: ContactImportRow[] = await validateContactImportRows(big, mapping, ctx, {
        chunkSize: 5000,
        onProgress: (done, total) => {
          expect(total).toBe(100_000);
          progress.push(done);
        },
      });
      const plan = planImport(results);
      const seconds = (performance.now() - started) / 1000;
      console.info(
        `import: 100,000 rows validated and planned in ${seconds.toFixed(2)} s → ${Math.round(100_000 / seconds)} rows/s (${JSON.stringify(plan.summary)})`,
      );
      expect(progress).toHaveLength(20);
      expect(progress.every((d, i) => i === 0 || d > (progress[i - 1] ?? 0))).toBe(true);
      expect(progress.at(-1)).toBe(100_000);
      expect(plan.summary).toEqual({ created: 97_000, merged: 2000, rejected: 1000 });
      // Rows 100, 200… carry the invalid e-mail and are the only ones of companies 0, 100, 200, 300, 400.
      expect(plan.companiesToCreate).toHaveLength(495);
    },
  );
});

describe('export → import round trip', () => {
  const companies = [
    GARAGE,
    PIXEL,
    makeCompany('019a8f00-1000-7000-8000-0000000000c3', 'Boulangerie "Chez Œdipe"; Lyon'),
  ];
  const companyIndex = buildCompanyDuplicateIndex(companies);
  const trigger = /^'[=+\-@\t\r]/;
  const textChar = fc.constantFrom(...'abcXYZéèçàÉŒœ ,;"\'\n\t=+-@|0123456789'.split(''));
  const text = (max: number) =>
    fc.option(
      fc
        .array(textChar, { maxLength: max })
        .map((chars) => chars.join('').trim())
        .filter((t) => t !== '' && !trigger.test(t)),
      { nil: null },
    );
  const tag = fc
    .array(fc.constantFrom(...'abcdéXYZ 12-='.split('')), { minLength: 1, maxLength: 10 })
    .map((c) => c.join('').trim())
    .filter((t) => t !== '' && !trigger.test(t));
  const contact = fc
    .record({
      first_name: text(30),
      last_name: text(30),
      email: fc.option(fc.stringMatching(/^[a-z0-9._-]{1,10}@[a-z]{1,8}\.(fr|com)$/), { nil: null }),
      phone: fc.option(fc.stringMatching(/^\+33[67]\d{8}$/), { nil: null }),
      mobile: fc.option(fc.stringMatching(/^\+(3247\d{7}|4479\d{8})$/), { nil: null }),
      company_id: fc.option(fc.constantFrom(...companies.map((c) => c.id)), { nil: null }),
      job_title: text(20),
      address_line1: text(40),
      postal_code: text(12),
      city: text(20),
      country: fc.constantFrom('FR', 'BE', 'CH', 'DE'),
      tags: fc.uniqueArray(tag, { maxLength: 5, selector: (t) => t.toLocaleLowerCase('fr') }),
      consent_marketing: fc.boolean(),
      processing_basis: fc.constantFrom(...PROCESSING_BASES),
      notes: text(60),
    })
    .filter((c) => Boolean(c.first_name || c.last_name || c.email));

  it('gives back the same contacts from their own CSV, in both locales and any delimiter', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(contact, { minLength: 1, maxLength: 8 }),
        fc.constantFrom<CsvLocale>('fr', 'en'),
        fc.constantFrom(';', ',', '\t'),
        async (fields, locale, delimiter) => {
          const rows = fields.map((f, i) => makeContact(`019a8f00-1000-7000-8000-${String(i).padStart(12, '0')}`, f));
          const csv = buildContactsCsv(rows, new Map(companies.map((c) => [c.id, c])), { locale, delimiter });
          const parsed = parseCsv(decodeCsvBytes(encodeUtf8(csv)).text);
          expect(parsed.delimiter).toBe(delimiter);
          const results = await validateContactImportRows(parsed.rows, guessMapping(parsed.headers, 'contacts'), {
            companyIndex,
          });
          results.forEach((result, i) => {
            const original = fields[i];
            expect(result.errors).toEqual([]);
            const values = result.values ?? {};
            for (const [key, value] of Object.entries(original ?? {})) {
              const imported = (values as Record<string, unknown>)[key];
              expect(imported ?? (Array.isArray(value) ? [] : null)).toEqual(value);
            }
          });
          expect(results).toHaveLength(rows.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
