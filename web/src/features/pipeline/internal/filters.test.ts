/** Filters, sort and view in the address: parsing, round trip, narrowing and ordering. */
import { describe, expect, it } from 'vitest';
import { OPPORTUNITY_DEFAULTS, OPPORTUNITY_SERVER_DEFAULTS, type Opportunity } from '@shared/sales/index.ts';
import {
  buildFilterParams,
  filterOpportunities,
  getScoreBand,
  listCloseMonths,
  listTags,
  parseFilters,
  sortOpportunities,
} from './filters.ts';
import { parseEurosToCents } from './format.ts';

const ME = 'user-me';

function opportunity(id: string, fields: Partial<Opportunity> = {}): Opportunity {
  return {
    ...OPPORTUNITY_DEFAULTS,
    ...OPPORTUNITY_SERVER_DEFAULTS,
    id,
    tenant_id: 't',
    title: id,
    stage_id: 's',
    stage_entered_at: '2026-11-01T00:00:00Z',
    created_at: '2026-11-01T00:00:00Z',
    updated_at: '2026-11-01T00:00:00Z',
    ...fields,
  };
}

describe('pipeline filters', () => {
  it('reads the address and writes it back without the defaults', () => {
    const filters = parseFilters(
      new URLSearchParams('vue=liste&responsable=moi&etiquette=VIP&mois=2026-12&score=hot&tri=montant'),
    );
    expect(filters).toEqual({ view: 'list', owner: 'moi', tag: 'VIP', month: '2026-12', band: 'hot', sort: 'amount' });
    expect(buildFilterParams(filters).toString()).toBe(
      'vue=liste&responsable=moi&etiquette=VIP&mois=2026-12&score=hot&tri=montant',
    );
    expect(buildFilterParams(parseFilters(new URLSearchParams(''))).toString()).toBe('');
  });

  it('ignores malformed values', () => {
    expect(parseFilters(new URLSearchParams('vue=carte&mois=2026-13&score=tiede&tri=nom'))).toEqual({
      view: null,
      owner: '',
      tag: '',
      month: '',
      band: '',
      sort: 'score',
    });
  });

  it('narrows by owner, tag (any case), close month and score band', () => {
    const rows = [
      opportunity('a', { owner_id: ME, tags: ['VIP'], expected_close_date: '2026-12-15' }),
      opportunity('b', { owner_id: 'other', tags: ['vip'], expected_close_date: '2026-12-01' }),
      opportunity('c', { owner_id: null, expected_close_date: '2027-01-10', score: 20 }),
    ];
    const scores = new Map([['a', { score: 75 }]]);
    const base = parseFilters(new URLSearchParams(''));
    const ids = (filters: Partial<typeof base>) =>
      filterOpportunities(rows, { ...base, ...filters }, scores, ME).map((row) => row.id);
    expect(ids({ owner: 'me' })).toEqual(['a']);
    expect(ids({ owner: 'none' })).toEqual(['c']);
    expect(ids({ owner: 'other' })).toEqual(['b']);
    expect(ids({ tag: 'Vip' })).toEqual(['a', 'b']);
    expect(ids({ month: '2026-12' })).toEqual(['a', 'b']);
    expect(ids({ band: 'hot' })).toEqual(['a']);
    expect(ids({ band: 'cold' })).toEqual(['c']);
    expect(ids({ band: 'unscored' })).toEqual(['b']);
  });

  it('sorts by score (device first, then server, unscored last), close date or amount', () => {
    const rows = [
      opportunity('a', { amount_cents: 100, expected_close_date: '2026-12-15' }),
      opportunity('b', { amount_cents: 300, score: 50 }),
      opportunity('c', { amount_cents: 200, expected_close_date: '2026-12-01', score: 10 }),
    ];
    const scores = new Map([['c', { score: 90 }]]);
    expect(sortOpportunities(rows, 'score', scores).map((row) => row.id)).toEqual(['c', 'b', 'a']);
    expect(sortOpportunities(rows, 'close', scores).map((row) => row.id)).toEqual(['c', 'a', 'b']);
    expect(sortOpportunities(rows, 'amount', scores).map((row) => row.id)).toEqual(['b', 'c', 'a']);
  });

  it('lists tags and close months in use, and bands scores at 40 and 70', () => {
    const rows = [
      opportunity('a', { tags: ['VIP', 'Flotte'], expected_close_date: '2026-12-15' }),
      opportunity('b', { tags: ['vip'], expected_close_date: '2026-11-02' }),
    ];
    expect(listTags(rows)).toEqual(['Flotte', 'VIP']);
    expect(listCloseMonths(rows)).toEqual(['2026-11', '2026-12']);
    expect([getScoreBand(70), getScoreBand(69), getScoreBand(40), getScoreBand(39), getScoreBand(null)]).toEqual([
      'hot',
      'warm',
      'warm',
      'cold',
      'unscored',
    ]);
  });

  it('reads euros typed the French or the English way as cents', () => {
    expect(parseEurosToCents('12 500,50')).toBe(1_250_050);
    expect(parseEurosToCents('12\u202f500,5 €')).toBe(1_250_050);
    expect(parseEurosToCents('1250.05')).toBe(125_005);
    expect(parseEurosToCents('')).toBe(0);
    expect(parseEurosToCents('12,345')).toBeNull();
    expect(parseEurosToCents('-5')).toBeNull();
  });
});
