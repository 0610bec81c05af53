import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Company } from './company.ts';
import { COMPANY_DEFAULTS } from './company.ts';
import type { Contact, ContactFields } from './contact.ts';
import { CONTACT_DEFAULTS, CONTACT_WRITABLE_FIELDS, contactUpdateSchema } from './contact.ts';
import { MAX_TAGS } from './fields.ts';
import { isEmptyValue, listContactRelinks, planCompanyMerge, planContactMerge } from './merge.ts';

const TENANT = '019a8f00-1000-7000-8000-000000000001';

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

function makeCompany(id: string, fields: Partial<Company> = {}): Company {
  return {
    ...COMPANY_DEFAULTS,
    id,
    tenant_id: TENANT,
    name: 'Garage du Centre',
    created_at: '2026-11-01T10:00:00Z',
    updated_at: '2026-11-01T10:00:00Z',
    ...fields,
  };
}

describe('planContactMerge', () => {
  const survivor = makeContact('a', {
    first_name: 'Jean',
    last_name: 'Dupont',
    email: 'jean@garage.fr',
    tags: ['VIP', 'garage'],
    custom_fields: { vehicule: 'Clio', parrain: null },
    notes: 'Client depuis 2019',
  });
  const other = makeContact('b', {
    first_name: 'J.',
    last_name: 'Dupont',
    phone: '+33612345678',
    job_title: 'Gérant',
    tags: ['vip', 'Atelier'],
    custom_fields: { vehicule: 'Mégane', parrain: 'Marie', budget: 1200 },
    notes: 'Préfère le téléphone',
    consent_marketing: true,
    processing_basis: 'consent',
  });

  it('keeps survivor values, fills its gaps and unions tags, custom fields and notes', () => {
    const plan = planContactMerge(survivor, [other]);
    expect(plan.values).toMatchObject({
      first_name: 'Jean',
      email: 'jean@garage.fr',
      phone: '+33612345678',
      job_title: 'Gérant',
      tags: ['VIP', 'garage', 'Atelier'],
      custom_fields: { vehicule: 'Clio', parrain: 'Marie', budget: 1200 },
      notes: 'Client depuis 2019\n\nPréfère le téléphone',
    });
    expect(plan.deleteIds).toEqual(['b']);
    expect(plan.survivorId).toBe('a');
    expect(Object.keys(plan.update).sort()).toEqual(['custom_fields', 'job_title', 'notes', 'phone', 'tags']);
    expect(contactUpdateSchema.safeParse(plan.update).success).toBe(true);
  });

  it('lists the fields on which the records differ, survivor first', () => {
    const plan = planContactMerge(survivor, [other]);
    const fields = plan.differences.map((d) => d.field);
    expect(fields).toContain('first_name');
    expect(fields).not.toContain('last_name');
    expect(fields).not.toContain('country');
    expect(plan.differences.find((d) => d.field === 'phone')?.values).toEqual([
      { id: 'a', value: null },
      { id: 'b', value: '+33612345678' },
    ]);
  });

  it('takes the value of the record the user chose, even an empty one', () => {
    const plan = planContactMerge(survivor, [other], { first_name: 'b', phone: 'a', tags: 'b', notes: 'b' });
    expect(plan.values.first_name).toBe('J.');
    expect(plan.values.phone).toBeNull();
    expect(plan.values.tags).toEqual(['vip', 'Atelier']);
    expect(plan.values.notes).toBe('Préfère le téléphone');
  });

  it.each<[string, Partial<Contact>, Partial<Contact>, Partial<Record<keyof ContactFields, string>>, boolean]>([
    [
      'kept e-mail without consent: no consent',
      { email: 'a@x.fr' },
      { email: 'b@x.fr', consent_marketing: true },
      {},
      false,
    ],
    [
      'survivor without e-mail: consent of the record whose e-mail is kept',
      { email: null },
      { email: 'b@x.fr', consent_marketing: true },
      {},
      true,
    ],
    [
      'the other e-mail chosen: its consent',
      { email: 'a@x.fr' },
      { email: 'b@x.fr', consent_marketing: true },
      { email: 'b' },
      true,
    ],
    [
      'consent chosen explicitly from the survivor',
      { email: 'a@x.fr' },
      { email: 'b@x.fr', consent_marketing: true },
      { email: 'b', consent_marketing: 'a' },
      false,
    ],
    ['survivor consent kept', { email: 'a@x.fr', consent_marketing: true }, { email: 'b@x.fr' }, {}, true],
  ])('consent: %s', (_label, a, b, choices, expected) => {
    const plan = planContactMerge(
      makeContact('a', { last_name: 'X', ...a }),
      [makeContact('b', { last_name: 'X', ...b })],
      choices,
    );
    expect(plan.values.consent_marketing).toBe(expected);
  });

  it('takes the legal basis with the consent, unless chosen', () => {
    const a = makeContact('a', { email: null, processing_basis: 'contract' });
    const b = makeContact('b', { email: 'b@x.fr', consent_marketing: true, processing_basis: 'consent' });
    expect(planContactMerge(a, [b]).values.processing_basis).toBe('consent');
    expect(planContactMerge(a, [b], { processing_basis: 'a' }).values.processing_basis).toBe('contract');
  });

  it('cuts the tag union at the maximum and reports what it dropped', () => {
    const many = (prefix: string) => Array.from({ length: 15 }, (_, i) => `${prefix}${i}`);
    const plan = planContactMerge(makeContact('a', { tags: many('a') }), [makeContact('b', { tags: many('b') })]);
    expect(plan.values.tags).toHaveLength(MAX_TAGS);
    expect(plan.droppedTags).toEqual(many('b').slice(5));
  });

  it('refuses a survivor listed among the others', () => {
    expect(() => planContactMerge(survivor, [survivor])).toThrow();
  });

  const text = fc.option(fc.constantFrom('', '  ', 'Jean', 'Marie', 'x@y.fr', '+33612345678', 'Lyon'), { nil: null });
  const contactArb = (id: string) =>
    fc
      .record({
        first_name: text,
        last_name: text,
        email: text,
        phone: text,
        job_title: text,
        city: text,
        notes: text,
        tags: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 4 }),
        custom_fields: fc.dictionary(
          fc.constantFrom('k1', 'k2', 'k3'),
          fc.option(fc.constantFrom('v', 1, false), { nil: null }),
        ),
        consent_marketing: fc.boolean(),
      })
      .map((f) => makeContact(id, f));
  const SCALARS = ['first_name', 'last_name', 'email', 'phone', 'job_title', 'city'] as const;

  it('never loses a non-empty value unless the user chose another record for that field', () => {
    fc.assert(
      fc.property(
        contactArb('a'),
        fc.array(contactArb('x'), { minLength: 1, maxLength: 3 }),
        fc.dictionary(fc.constantFrom(...SCALARS, 'tags', 'notes'), fc.nat(3)),
        (survivor, rawOthers, rawChoices) => {
          const others = rawOthers.map((row, i) => ({ ...row, id: `o${i}` }));
          const rows = [survivor, ...others];
          const choices: Partial<Record<keyof ContactFields, string>> = {};
          for (const [field, n] of Object.entries(rawChoices)) {
            choices[field as keyof ContactFields] = rows[n % rows.length]?.id ?? 'a';
          }
          const plan = planContactMerge(survivor, others, choices);
          for (const field of SCALARS) {
            const chosen = rows.find((r) => r.id === choices[field]);
            if (chosen) expect(plan.values[field]).toBe(chosen[field]);
            else if (rows.some((r) => !isEmptyValue(r[field]))) expect(isEmptyValue(plan.values[field])).toBe(false);
          }
          if (!choices.tags) {
            const all = new Set(rows.flatMap((r) => r.tags));
            expect(new Set(plan.values.tags)).toEqual(all);
          }
          if (!choices.notes) {
            for (const row of rows) if (row.notes?.trim()) expect(plan.values.notes).toContain(row.notes.trim());
          }
          for (const row of rows) {
            for (const [key, value] of Object.entries(row.custom_fields)) {
              expect(key in plan.values.custom_fields).toBe(true);
              if (!isEmptyValue(value)) expect(isEmptyValue(plan.values.custom_fields[key])).toBe(false);
            }
          }
          // Consent is never invented: the merged value is some record's own value, and true only if one had it.
          if (plan.values.consent_marketing) expect(rows.some((r) => r.consent_marketing)).toBe(true);
          expect(plan.deleteIds).toEqual(others.map((o) => o.id));
          for (const field of CONTACT_WRITABLE_FIELDS) expect(field in plan.values).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('planCompanyMerge', () => {
  it('keeps the survivor name and fills identifiers, keeping the SIRET consistent with the SIREN', () => {
    const a = makeCompany('a', { siren: '542051180', website: null });
    const b = makeCompany('b', {
      name: 'GARAGE DU CENTRE SARL',
      siret: '44306184100047',
      website: 'https://garage.fr',
    });
    const plan = planCompanyMerge(a, [b]);
    expect(plan.values).toMatchObject({
      name: 'Garage du Centre',
      siren: '542051180',
      siret: null,
      website: 'https://garage.fr',
    });
    const c = makeCompany('c', { siret: '54205118000066' });
    expect(planCompanyMerge(a, [b, c]).values.siret).toBe('54205118000066');
    expect(planCompanyMerge(makeCompany('a', {}), [b]).values).toMatchObject({ siren: null, siret: '44306184100047' });
    expect(planCompanyMerge(makeCompany('d', { siren: '542051180', siret: '54205118000066' }), [b]).values.siret).toBe(
      '54205118000066',
    );
  });

  it('re-points the contacts of merged-away companies at the survivor', () => {
    const plan = planCompanyMerge(makeCompany('a'), [makeCompany('b'), makeCompany('c')]);
    const contacts = [
      makeContact('1', { company_id: 'b' }),
      makeContact('2', { company_id: 'a' }),
      makeContact('3', { company_id: 'c' }),
      makeContact('4'),
    ];
    expect(listContactRelinks(contacts, plan)).toEqual([
      { id: '1', company_id: 'a' },
      { id: '3', company_id: 'a' },
    ]);
  });
});
