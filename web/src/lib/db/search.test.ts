import { describe, expect, it } from 'vitest';
import { buildStoredRow } from './rows.ts';
import { SearchIndex, tokenizeQuery } from './search.ts';
import type { ServerRow } from './schema.ts';

const company = (id: string, name: string): ServerRow => buildStoredRow('companies', { id, name, phone: null });
const contact = (id: string, fields: Record<string, unknown>): ServerRow =>
  buildStoredRow('contacts', {
    id,
    first_name: null,
    last_name: null,
    email: null,
    phone: null,
    mobile: null,
    company_id: null,
    ...fields,
  });

function buildIndex(): SearchIndex {
  const index = new SearchIndex();
  index.upsert('companies', [company('c1', 'Garage du Centre'), company('c2', 'Œuvres Hélène')]);
  index.upsert('contacts', [
    contact('p1', { first_name: 'Hélène', last_name: 'Dupont', email: 'h.dupont@garage.fr', company_id: 'c1' }),
    contact('p2', { first_name: 'Camille', last_name: 'Moreau', phone: '+33612345678' }),
    contact('p3', { first_name: 'Jean', last_name: 'Helenio', email: 'jean@studio.fr' }),
    contact('p4', { first_name: 'Helen', last_name: null, email: null }),
  ]);
  return index;
}

describe('local search', () => {
  it('matches accent-insensitive word prefixes', () => {
    const index = buildIndex();
    expect(index.search('contacts', 'helene').map((hit) => hit.id)).toEqual(['p1']);
    expect(index.search('contacts', 'HÉL').map((hit) => hit.id)).toEqual(['p4', 'p1', 'p3']);
    expect(index.search('companies', 'oeuvres').map((hit) => hit.id)).toEqual(['c2']);
  });

  it('ranks an exact name first, then names starting with the query', () => {
    const index = buildIndex();
    const hits = index.search('contacts', 'helen');
    expect(hits.map((hit) => [hit.id, hit.rank])).toEqual([
      ['p4', 0],
      ['p1', 1],
      ['p3', 2],
    ]);
  });

  it('finds e-mail parts, phone numbers typed any French way, and the company name', () => {
    const index = buildIndex();
    expect(index.search('contacts', 'dupont@gar').map((hit) => hit.id)).toEqual(['p1']);
    for (const query of ['06 12 34', '+33 6 12', '612345', '0612345678']) {
      expect(index.search('contacts', query).map((hit) => hit.id)).toEqual(['p2']);
    }
    expect(index.search('contacts', 'garage centre').map((hit) => hit.id)).toEqual(['p1']);
    expect(index.search('contacts', 'centre camille')).toEqual([]);
  });

  it('follows changes made after the index was built, without rebuilding it', () => {
    const index = buildIndex();
    index.prepare();
    expect(index.search('contacts', 'moreau').map((hit) => hit.id)).toEqual(['p2']);
    index.upsert('contacts', [
      contact('p2', { first_name: 'Camille', last_name: 'Bernard' }),
      contact('p5', { first_name: 'Hélène', last_name: null, company_id: 'c1' }),
    ]);
    index.upsert('companies', [company('c1', 'Garage Moderne')]);
    expect(index.search('contacts', 'moreau')).toEqual([]);
    expect(index.search('contacts', 'bernard').map((hit) => hit.id)).toEqual(['p2']);
    expect(index.search('contacts', 'helene').map((hit) => [hit.id, hit.rank])).toEqual([
      ['p5', 0],
      ['p1', 1],
    ]);
    expect(index.search('contacts', 'moderne').map((hit) => hit.id)).toEqual(['p5', 'p1']);
    expect(index.search('contacts', 'centre')).toEqual([]);
    index.remove('contacts', ['p5']);
    expect(index.search('contacts', 'helene').map((hit) => hit.id)).toEqual(['p1']);
  });

  it('follows changes and removals', () => {
    const index = buildIndex();
    index.upsert('contacts', [contact('p2', { first_name: 'Camille', last_name: 'Bernard' })]);
    expect(index.search('contacts', 'moreau')).toEqual([]);
    expect(index.search('contacts', 'bernard').map((hit) => hit.id)).toEqual(['p2']);
    index.remove('contacts', ['p2']);
    expect(index.search('contacts', 'camille')).toEqual([]);
    expect(tokenizeQuery('  ')).toEqual([]);
  });
});
