import { describe, expect, it } from 'vitest';
import type { Company } from './company.ts';
import { COMPANY_DEFAULTS } from './company.ts';
import type { Contact } from './contact.ts';
import { CONTACT_DEFAULTS } from './contact.ts';
import { buildCompaniesCsv, buildContactsCsv, formatCsvDate, neutraliseFormula, restoreFormula } from './csv-export.ts';
import { parseCsv } from './csv-import.ts';

const TENANT = '019a8f00-1000-7000-8000-000000000001';
const GARAGE_ID = '019a8f00-1000-7000-8000-0000000000c1';

function makeContact(fields: Partial<Contact> = {}): Contact {
  return {
    ...CONTACT_DEFAULTS,
    id: '019a8f00-1000-7000-8000-0000000000a1',
    tenant_id: TENANT,
    consent_marketing_at: null,
    last_contacted_at: null,
    score: null,
    score_explanation: null,
    scored_at: null,
    created_at: '2026-07-01T22:30:00Z',
    updated_at: '2026-11-21T09:05:00Z',
    ...fields,
  };
}

const garage: Company = {
  ...COMPANY_DEFAULTS,
  id: GARAGE_ID,
  tenant_id: TENANT,
  name: 'Garage du Centre',
  siren: '542051180',
  siret: '54205118000066',
  vat_number: 'FR59542051180',
  website: 'https://garage-du-centre.fr',
  tags: ['client', 'atelier'],
  created_at: '2026-01-15T08:00:00Z',
  updated_at: '2026-01-15T08:00:00Z',
};

describe('buildContactsCsv', () => {
  const hélène = makeContact({
    first_name: 'Hélène',
    last_name: 'Dupré',
    email: 'helene@garage-du-centre.fr',
    phone: '+33478123456',
    mobile: '+32470123456',
    company_id: GARAGE_ID,
    tags: ['VIP', 'Salon 2026'],
    consent_marketing: true,
    processing_basis: 'consent',
    notes: 'Rappeler ; lundi\n"urgent"',
  });

  it('writes a French Excel file: BOM, semicolons, CRLF, French headers, company name, oui/non, Paris time', () => {
    const csv = buildContactsCsv([hélène], new Map([[GARAGE_ID, garage]]), {
      columns: [
        'first_name',
        'last_name',
        'company',
        'phone',
        'tags',
        'consent_marketing',
        'processing_basis',
        'notes',
        'created_at',
      ],
    });
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('Prénom;Nom;Société;Téléphone;Étiquettes;Consentement marketing;Base légale;Notes;Créé le');
    expect(lines[1]).toBe(
      'Hélène;Dupré;Garage du Centre;+33478123456;VIP, Salon 2026;oui;Consentement;"Rappeler ; lundi\n""urgent""";02/07/2026 00:30',
    );
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('writes English headers, yes/no and dates, with another delimiter and no BOM on request', () => {
    const csv = buildContactsCsv([makeContact({ last_name: 'Smith' })], new Map(), {
      locale: 'en',
      delimiter: ',',
      withBom: false,
      columns: ['last_name', 'company', 'consent_marketing', 'processing_basis', 'created_at', 'last_contacted_at'],
    });
    expect(csv).toBe(
      'Last name,Company,Marketing consent,Processing basis,Created,Last contacted\r\nSmith,,no,Legitimate interest,"02/07/2026, 00:30",\r\n',
    );
  });

  it('uses the reader time zone for dates', () => {
    const csv = buildContactsCsv([makeContact()], new Map(), {
      columns: ['created_at'],
      timeZone: 'America/New_York',
      withBom: false,
    });
    expect(csv).toBe('Créé le\r\n01/07/2026 18:30\r\n');
  });

  it('neutralises formulas in every text column but leaves E.164 phones readable', () => {
    const attack = makeContact({
      first_name: '=HYPERLINK("http://evil","x")',
      last_name: "+1+cmd|' /C calc'!A0",
      job_title: '-2+3',
      city: '@SUM(A1)',
      notes: '\tcaché',
      address_line1: '\rligne',
      phone: '+33612345678',
    });
    const csv = buildContactsCsv([attack], new Map(), {
      columns: ['first_name', 'last_name', 'job_title', 'city', 'notes', 'address_line1', 'phone'],
      withBom: false,
    });
    const parsed = parseCsv(csv);
    expect(parsed.delimiter).toBe(';');
    const cells = parsed.rows[0];
    expect(cells).toEqual([
      '\'=HYPERLINK("http://evil","x")',
      "'+1+cmd|' /C calc'!A0",
      "'-2+3",
      "'@SUM(A1)",
      "'\tcaché",
      "'\rligne",
      '+33612345678',
    ]);
  });
});

describe('neutraliseFormula / restoreFormula', () => {
  it.each([
    ['=1+1', false, "'=1+1"],
    ['+33612345678', true, '+33612345678'],
    ['+33612345678', false, "'+33612345678"],
    ['+33 6 12', true, "'+33 6 12"],
    ['=1+1', true, "'=1+1"],
    ['Dupont', false, 'Dupont'],
    ["'déjà", false, "'déjà"],
    ['', false, ''],
  ])('%j (phone column: %s) → %j', (cell, isPhone, expected) => {
    expect(neutraliseFormula(cell, isPhone)).toBe(expected);
    expect(restoreFormula(neutraliseFormula(cell, isPhone))).toBe(cell);
  });
});

describe('formatCsvDate', () => {
  it('formats per locale in the zone and leaves empty or invalid dates blank', () => {
    expect(formatCsvDate('2026-12-31T23:30:00Z', 'fr', 'Europe/Paris')).toBe('01/01/2027 00:30');
    expect(formatCsvDate('2026-12-31T23:30:00Z', 'en', 'Europe/Paris')).toBe('01/01/2027, 00:30');
    expect(formatCsvDate(null, 'fr', 'Europe/Paris')).toBe('');
    expect(formatCsvDate('pas une date', 'fr', 'Europe/Paris')).toBe('');
  });
});

describe('buildCompaniesCsv', () => {
  it('writes identifiers as text and every column by default', () => {
    const csv = buildCompaniesCsv([garage]);
    const parsed = parseCsv(csv);
    const rows = [parsed.headers, ...parsed.rows];
    expect(rows[0]?.slice(0, 7)).toEqual([
      'Raison sociale',
      'SIREN',
      'SIRET',
      'N° TVA',
      'E-mail',
      'Téléphone',
      'Site web',
    ]);
    expect(rows[1]?.slice(0, 7)).toEqual([
      'Garage du Centre',
      '542051180',
      '54205118000066',
      'FR59542051180',
      '',
      '',
      'https://garage-du-centre.fr',
    ]);
    expect(rows[1]).toContain('client, atelier');
    expect(rows[0]).toHaveLength(18);
  });
});
