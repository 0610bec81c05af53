import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Contact } from './contact.ts';
import { CONTACT_DEFAULTS } from './contact.ts';
import {
  applyContactView,
  buildViewSearchParams,
  CONTACT_SORT_FIELDS,
  DEFAULT_VIEW,
  getZonedDayStart,
  parseView,
  parseViewSearchParams,
  serializeView,
} from './views.ts';
import type { ViewFilter } from './views.ts';

const TENANT = '019a8f00-1000-7000-8000-000000000001';
const ALICE = '019a8f00-1000-7000-8000-00000000000a';
const BOB = '019a8f00-1000-7000-8000-00000000000b';
const GARAGE = '019a8f00-1000-7000-8000-0000000000c1';

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

const ctx = { companiesById: new Map([[GARAGE, { name: 'Garage du Centre' }]]) };

const rows: Contact[] = [
  makeContact('1', {
    first_name: 'Hélène',
    last_name: 'Dupré',
    email: 'helene.dupre@garage.fr',
    phone: '+33612345678',
    company_id: GARAGE,
    tags: ['VIP', 'Salon'],
    owner_id: ALICE,
    created_at: '2026-10-31T23:30:00Z',
    last_contacted_at: '2026-11-10T09:00:00Z',
  }),
  makeContact('2', {
    first_name: 'Émile',
    last_name: 'Zola',
    email: 'emile@zola.fr',
    mobile: '+32470123456',
    tags: ['vip'],
    owner_id: BOB,
    created_at: '2026-10-31T22:30:00Z',
  }),
  makeContact('3', {
    first_name: 'Œdipe',
    last_name: 'Roi',
    job_title: 'Gérant',
    tags: ['Prospect'],
    created_at: '2026-11-15T12:00:00Z',
    last_contacted_at: '2026-11-20T23:30:00Z',
  }),
  makeContact('4', { email: 'anonyme@exemple.fr', created_at: '2026-11-16T12:00:00Z' }),
];

const ids = (view: Partial<ViewFilter>) =>
  applyContactView(rows, { ...DEFAULT_VIEW, ...view } as ViewFilter, ctx).map((r) => r.id);

describe('applyContactView', () => {
  it.each<[string, string[]]>([
    ['hel dup', ['1']],
    ['HELENE', ['1']],
    ['dupre', ['1']],
    ['gar', ['1']],
    ['garage centre', ['1']],
    ['oedipe', ['3']],
    ['gerant', ['3']],
    ['emile@zola', ['2']],
    ['zola.fr', ['2']],
    ['06 12 34', ['1']],
    ['+33 6 12', ['1']],
    ['0470', []],
    ['470 12', ['2']],
    ['anonyme', ['4']],
    ['elene', []],
    ['   ', ['4', '1', '3', '2']],
  ])('query %j finds %j', (query, expected) => {
    expect(ids({ query })).toEqual(expected);
  });

  it('filters by tags (any by default, all on request), case- and accent-insensitively', () => {
    expect(ids({ tags: ['VIP'] })).toEqual(['1', '2']);
    expect(ids({ tags: ['vip', 'prospect'] })).toEqual(['1', '3', '2']);
    expect(ids({ tags: ['vip', 'salon'], tagsMode: 'all' })).toEqual(['1']);
  });

  it('filters by owner, "none" meaning unassigned', () => {
    expect(ids({ ownerIds: [ALICE] })).toEqual(['1']);
    expect(ids({ ownerIds: [BOB, 'none'] })).toEqual(['4', '3', '2']);
  });

  it('takes date bounds as whole days in Paris time, both ends included', () => {
    // 2026-10-31T23:30Z is 1 November 00:30 in Paris; 22:30Z is still 31 October.
    expect(ids({ createdFrom: '2026-11-01', createdTo: '2026-11-01' })).toEqual(['1']);
    expect(ids({ createdTo: '2026-10-31' })).toEqual(['2']);
    expect(ids({ createdFrom: '2026-11-16' })).toEqual(['4']);
    expect(
      applyContactView(rows, { ...DEFAULT_VIEW, createdTo: '2026-10-31' }, { ...ctx, timeZone: 'UTC' }).map(
        (r) => r.id,
      ),
    ).toEqual(['1', '2']);
  });

  it('leaves contacts never contacted out of a last-contact filter', () => {
    expect(ids({ lastContactFrom: '2026-11-21' })).toEqual(['3']);
    expect(ids({ lastContactTo: '2026-11-20' })).toEqual(['1']);
  });

  it.each<[ViewFilter['sort'], string[]]>([
    [{ field: 'name', dir: 'asc' }, ['4', '1', '3', '2']],
    [{ field: 'name', dir: 'desc' }, ['2', '3', '1', '4']],
    [{ field: 'company', dir: 'asc' }, ['1', '2', '3', '4']],
    [{ field: 'company', dir: 'desc' }, ['1', '2', '3', '4']],
    [{ field: 'created_at', dir: 'desc' }, ['4', '3', '1', '2']],
    [{ field: 'last_contacted_at', dir: 'asc' }, ['1', '3', '2', '4']],
    [{ field: 'email', dir: 'asc' }, ['4', '2', '1', '3']],
  ])('sorts by %j, empty values last', (sort, expected) => {
    expect(ids({ sort })).toEqual(expected);
  });

  it('does not modify the rows it is given', () => {
    const copy = [...rows];
    applyContactView(copy, { ...DEFAULT_VIEW, sort: { field: 'created_at', dir: 'desc' } }, ctx);
    expect(copy).toEqual(rows);
  });
});

describe('getZonedDayStart', () => {
  it.each([
    ['2026-03-29', '2026-03-28T23:00:00.000Z'],
    ['2026-03-30', '2026-03-29T22:00:00.000Z'],
    ['2026-10-25', '2026-10-24T22:00:00.000Z'],
    ['2026-10-26', '2026-10-25T23:00:00.000Z'],
    ['2026-07-14', '2026-07-13T22:00:00.000Z'],
  ])('%s starts at %s in Paris', (date, instant) => {
    expect(new Date(getZonedDayStart(date, 'Europe/Paris')).toISOString()).toBe(instant);
  });
});

const day = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const uuid = fc.constantFrom(ALICE, BOB, GARAGE);
const viewArb: fc.Arbitrary<ViewFilter> = fc.record(
  {
    query: fc.string({ maxLength: 30 }),
    tags: fc.array(fc.string({ minLength: 1, maxLength: 10 }), { maxLength: 4 }),
    tagsMode: fc.constantFrom('any', 'all'),
    ownerIds: fc.array(fc.oneof(uuid, fc.constant('none')), { maxLength: 3 }),
    createdFrom: day,
    createdTo: day,
    lastContactFrom: day,
    lastContactTo: day,
    sort: fc.record({ field: fc.constantFrom(...CONTACT_SORT_FIELDS), dir: fc.constantFrom('asc', 'desc') }),
  },
  { requiredKeys: ['sort'] },
) as fc.Arbitrary<ViewFilter>;

/** A view as stored: empty parts left out. */
function normaliseView(view: ViewFilter): ViewFilter {
  return parseView(serializeView(view));
}

describe('serializeView / parseView', () => {
  it('round-trips any valid view: same rows shown, same text when stored again', () => {
    fc.assert(
      fc.property(viewArb, (view) => {
        const text = serializeView(view);
        const parsed = parseView(text);
        expect(applyContactView(rows, parsed, ctx)).toEqual(applyContactView(rows, view, ctx));
        expect(serializeView(parsed)).toBe(text);
      }),
    );
  });

  it('drops invalid parts and falls back to the default view on garbage', () => {
    expect(parseView('{"query":"dup","createdFrom":"31/12/2026","sort":{"field":"nope","dir":"asc"}}')).toEqual({
      query: 'dup',
      sort: { field: 'name', dir: 'asc' },
    });
    expect(parseView('not json')).toEqual(DEFAULT_VIEW);
    expect(parseView(null)).toEqual(DEFAULT_VIEW);
    expect(parseView(42)).toEqual(DEFAULT_VIEW);
    expect(serializeView(DEFAULT_VIEW)).toBe('{"sort":{"field":"name","dir":"asc"}}');
  });
});

describe('buildViewSearchParams / parseViewSearchParams', () => {
  it('writes readable parameters', () => {
    const view: ViewFilter = {
      query: 'hélène',
      tags: ['VIP', 'a,b'],
      ownerIds: [ALICE],
      createdFrom: '2026-11-01',
      sort: { field: 'created_at', dir: 'desc' },
    };
    expect(buildViewSearchParams(view)).toEqual([
      ['q', 'hélène'],
      ['tag', 'VIP'],
      ['tag', 'a,b'],
      ['owner', ALICE],
      ['created_from', '2026-11-01'],
      ['sort', '-created_at'],
    ]);
    expect(buildViewSearchParams(DEFAULT_VIEW)).toEqual([]);
  });

  it('round-trips any valid view and ignores unknown or bad parameters', () => {
    fc.assert(
      fc.property(viewArb, (view) => {
        expect(parseViewSearchParams(buildViewSearchParams(view))).toEqual(normaliseView(view));
      }),
    );
    expect(
      parseViewSearchParams([
        ['utm_source', 'x'],
        ['owner', 'not-a-uuid'],
        ['sort', '-nope'],
        ['q', 'ok'],
      ]),
    ).toEqual({ query: 'ok', sort: { field: 'name', dir: 'asc' } });
  });
});
