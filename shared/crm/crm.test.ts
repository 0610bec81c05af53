import { describe, expect, it } from 'vitest';
import { companyCreateSchema, companyUpdateSchema } from './company.ts';
import { contactCreateSchema, contactUpdateSchema, getContactDisplayName } from './contact.ts';
import { tagsSchema, websiteSchema } from './fields.ts';

describe('company rules', () => {
  it('normalises identifiers, phone and website of a valid company', () => {
    const parsed = companyCreateSchema.parse({
      name: '  Garage des Lilas ',
      siren: '542 051 180',
      siret: '542 051 180 00066',
      vat_number: 'fr 59 542 051 180',
      phone: '04 78 12 34 56',
      website: 'garage-des-lilas.fr',
    });
    expect(parsed).toMatchObject({
      name: 'Garage des Lilas',
      siren: '542051180',
      siret: '54205118000066',
      vat_number: 'FR59542051180',
      phone: '+33478123456',
      website: 'https://garage-des-lilas.fr',
    });
  });

  it('names each invalid field', () => {
    const result = companyCreateSchema.safeParse({ name: '', siren: '123456789', website: 'not a site', size: 'huge' });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.')).sort();
    expect(paths).toEqual(['name', 'siren', 'size', 'website']);
  });

  it('refuses a SIRET that does not extend the SIREN', () => {
    const result = companyCreateSchema.safeParse({ name: 'X', siren: '542051180', siret: '44306184100047' });
    expect(result.error?.issues[0]?.message).toBe('siret_siren_mismatch');
  });

  it('accepts an update of one field only', () => {
    expect(companyUpdateSchema.parse({ city: ' Lyon ' })).toEqual({ city: 'Lyon' });
  });
});

describe('contact rules', () => {
  it('needs a name or an e-mail', () => {
    expect(contactCreateSchema.safeParse({ job_title: 'Gérante' }).success).toBe(false);
    expect(contactCreateSchema.parse({ email: ' Camille@Studio.FR ' }).email).toBe('camille@studio.fr');
  });

  it('stores French phone formats as E.164 and refuses nonsense', () => {
    expect(contactUpdateSchema.parse({ mobile: '06 12 34 56 78' }).mobile).toBe('+33612345678');
    expect(contactUpdateSchema.safeParse({ mobile: '12' }).success).toBe(false);
  });

  it('bounds custom fields', () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`f${i}`, i]));
    expect(contactUpdateSchema.safeParse({ custom_fields: many }).success).toBe(false);
    expect(
      contactUpdateSchema.parse({ custom_fields: { parrain: 'Hugo', score: 3, vip: true } }).custom_fields,
    ).toEqual({
      parrain: 'Hugo',
      score: 3,
      vip: true,
    });
  });

  it('names a contact by name, else e-mail', () => {
    expect(getContactDisplayName({ first_name: 'Léa', last_name: 'Robert', email: null })).toBe('Léa Robert');
    expect(getContactDisplayName({ first_name: null, last_name: null, email: 'x@y.fr' })).toBe('x@y.fr');
  });
});

describe('field helpers', () => {
  it('deduplicates tags case-insensitively and drops blanks', () => {
    expect(tagsSchema.parse([' VIP', 'vip', '', 'Flotte'])).toEqual(['VIP', 'Flotte']);
  });

  it('accepts international domain names and refuses bare words', () => {
    expect(websiteSchema.parse('https://café-lyonnais.fr/menu')).toBe('https://café-lyonnais.fr/menu');
    expect(websiteSchema.safeParse('localhost').success).toBe(false);
    expect(websiteSchema.safeParse('javascript:alert(1)').success).toBe(false);
  });
});
