import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildCompanyDuplicateIndex,
  buildDuplicateIndex,
  computeJaroWinkler,
  findCompanyByName,
  findCompanyDuplicates,
  findContactDuplicates,
  findContactDuplicatesIn,
  findDuplicateGroups,
  getCompanyNameKey,
  getWebsiteDomain,
  scoreCompanyPair,
  scoreContactPair,
} from './duplicates.ts';
import type { ContactKeys } from './duplicates.ts';

type Row = ContactKeys & { readonly id: string };

/** Deterministic pseudo-random numbers (mulberry32), so generated sets are the same every run. */
function createRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST_NAMES = [
  'Jean', 'Marie', 'Pierre', 'Hélène', 'Élodie', 'François', 'Camille', 'Nicolas', 'Sophie', 'Julien',
  'Amélie', 'Thomas', 'Léa', 'Mathieu', 'Chloé', 'Antoine', 'Inès', 'Baptiste', 'Zoé', 'Raphaël',
  'Céline', 'Sébastien', 'Margaux', 'Loïc', 'Anaïs', 'Jérôme', 'Noémie', 'Gaëlle', 'Hugo', 'Manon',
  'Lucas', 'Émilie', 'Maxime', 'Clémence', 'Benoît', 'Agnès', 'Olivier', 'Aurélie', 'Théo', 'Océane',
]; // prettier-ignore
const LAST_NAMES = [
  'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau',
  'Simon', 'Laurent', 'Lefèbvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier',
  'Morel', 'Girard', 'André', 'Lefèvre', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Martinez',
  'Legrand', 'Garnier', 'Faure', 'Rousseau', 'Blanc', 'Guérin', 'Muller', 'Henry', 'Roussel', 'Nicolas',
  'Perrin', 'Morin', 'Mathieu', 'Clément', 'Gauthier', 'Dumont', 'Lopez', 'Fontaine', 'Chevalier', 'Robin',
  'Masson', 'Sanchez', 'Gérard', 'Nguyen', 'Boyer', 'Denis', 'Lemaire', 'Duval', 'Joly', 'Gautier',
]; // prettier-ignore

const SYLLABLES = ['mar', 'tin', 'ber', 'nard', 'du', 'bois', 'ro', 'bert', 'le', 'roy', 'mo', 'reau', 'gar', 'nier', 'fon', 'taine', 'che', 'va', 'lier', 'mas', 'son', 'gué', 'rin', 'lan', 'glois']; // prettier-ignore

/**
 * A surname: one of the common ones, or two or three syllables. Real contact lists have far more
 * distinct surnames than a short list; without the long tail, every other pair is a homonym.
 */
function pickLastName(random: () => number): string {
  if (random() < 0.3) return pick(random, LAST_NAMES);
  const count = random() < 0.6 ? 2 : 3;
  const word = Array.from({ length: count }, () => pick(random, SYLLABLES)).join('');
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '');
}

/** One typo: swap two neighbours, drop or double a letter, past the first three letters. */
function addTypo(random: () => number, word: string): string {
  if (word.length < 5) return `${word}e`;
  const i = 3 + Math.floor(random() * (word.length - 4));
  const kind = Math.floor(random() * 3);
  if (kind === 0) return word.slice(0, i) + word.charAt(i + 1) + word.charAt(i) + word.slice(i + 2);
  if (kind === 1) return word.slice(0, i) + word.slice(i + 1);
  return word.slice(0, i) + word.charAt(i) + word.slice(i);
}

function buildPhone(random: () => number): string {
  return `+336${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
}

/** People with unique e-mails and phones, some sharing companies; ids p<n>. */
function generatePeople(count: number, seed: number): Row[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, (_, n) => {
    const first_name = pick(random, FIRST_NAMES);
    const last_name = pickLastName(random);
    return {
      id: `p${n}`,
      first_name,
      last_name,
      email: `${stripAccents(first_name).toLowerCase()}.${stripAccents(last_name).toLowerCase()}.${n}@exemple.fr`,
      phone: random() < 0.7 ? buildPhone(random) : null,
      mobile: null,
      company_id: `c${Math.floor(random() * (count / 4))}`,
    };
  });
}

/** A second record of the same person, as a colleague would type it. */
function perturb(random: () => number, row: Row, id: string): Row {
  const variant = Math.floor(random() * 5);
  const first = row.first_name ?? '';
  const last = row.last_name ?? '';
  switch (variant) {
    case 0: // same address, different case, no phone
      return { id, first_name: first, last_name: last, email: (row.email ?? '').toUpperCase(), company_id: null };
    case 1: // phone moved to mobile, accents lost, new e-mail
      return {
        id,
        first_name: stripAccents(first).toLowerCase(),
        last_name: stripAccents(last).toUpperCase(),
        email: `autre.${id}@gmail.com`,
        phone: null,
        mobile: row.phone ?? buildPhone(random),
        company_id: row.phone ? null : row.company_id,
      };
    case 2: // first and last name swapped, same company
      return { id, first_name: last, last_name: first, email: null, company_id: row.company_id };
    case 3: // typo in the last name, same company
      return { id, first_name: first, last_name: addTypo(random, last), company_id: row.company_id };
    default: // typo in the first name, same e-mail
      return { id, first_name: addTypo(random, first), last_name: last, email: row.email, company_id: null };
  }
}

describe('computeJaroWinkler', () => {
  it.each([
    ['martha', 'marhta', 0.961],
    ['dixon', 'dicksonx', 0.813],
    ['dwayne', 'duane', 0.84],
    ['abc', 'abc', 1],
    ['abc', 'xyz', 0],
    ['', 'abc', 0],
  ])('%s ~ %s = %d', (a, b, expected) => {
    expect(computeJaroWinkler(a, b)).toBeCloseTo(expected, 3);
  });

  it('is symmetric and within 0..1', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (a, b) => {
        const ab = computeJaroWinkler(a, b);
        expect(ab).toBeCloseTo(computeJaroWinkler(b, a), 10);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('scoreContactPair', () => {
  const jean = { first_name: 'Jean', last_name: 'Dupont', email: 'jean.dupont@garage.fr', phone: '+33612345678' };
  it.each<[string, ContactKeys, ContactKeys, boolean, string[]]>([
    ['the same e-mail in another case', jean, { email: ' Jean.Dupont@Garage.FR ' }, true, ['email']],
    ['the same phone as mobile', jean, { first_name: 'J.', mobile: '+33612345678' }, true, ['phone']],
    ['the same phone typed the French way', jean, { first_name: 'J.', phone: '06 12 34 56 78' }, true, ['phone']],
    [
      'accents and case only',
      { first_name: 'Hélène', last_name: 'Dupré' },
      { first_name: 'HELENE', last_name: 'dupre' },
      true,
      ['name'],
    ],
    [
      'first and last name swapped',
      { first_name: 'Dupont', last_name: 'Jean' },
      { first_name: 'Jean', last_name: 'Dupont' },
      true,
      ['name'],
    ],
    [
      'a typo at the same company',
      { ...jean, company_id: 'c1' },
      { first_name: 'Jean', last_name: 'Dupond', company_id: 'c1' },
      true,
      ['name', 'company'],
    ],
    ['a typo alone', jean, { first_name: 'Jean', last_name: 'Dupond' }, false, ['name']],
    [
      'colleagues with other names',
      { ...jean, company_id: 'c1' },
      { first_name: 'Marie', last_name: 'Martin', company_id: 'c1' },
      false,
      [],
    ],
    [
      'homonyms with another e-mail',
      jean,
      { first_name: 'Jean', last_name: 'Dupont', email: 'jd@autre.fr' },
      false,
      ['name'],
    ],
    [
      'homonyms with another e-mail at the same company',
      { ...jean, company_id: 'c1' },
      { first_name: 'Jean', last_name: 'Dupont', email: 'jd@autre.fr', company_id: 'c1' },
      true,
      ['name', 'company'],
    ],
    ['a lone surname', { last_name: 'Dupont' }, { last_name: 'Dupont' }, false, ['name']],
    ['nothing in common', jean, { first_name: 'Zoé', last_name: 'Nguyen' }, false, []],
  ])('%s', (_label, a, b, isDuplicate, reasons) => {
    const { score, reasons: got } = scoreContactPair(a, b);
    expect(score >= 0.75).toBe(isDuplicate);
    expect(got).toEqual(reasons);
    expect(scoreContactPair(b, a).score).toBe(score);
  });
});

describe('findContactDuplicates', () => {
  const rows: Row[] = [
    { id: 'a', first_name: 'Jean', last_name: 'Dupont', email: 'jean@x.fr', company_id: 'c1' },
    { id: 'b', first_name: 'Jean', last_name: 'Dupond', company_id: 'c1' },
    { id: 'c', first_name: 'Marie', last_name: 'Martin', phone: '+33612345678' },
  ];

  it('returns matches best first with their reasons, skipping the candidate itself', () => {
    const found = findContactDuplicates(
      { id: 'a', first_name: 'Jean', last_name: 'Dupont', email: 'JEAN@x.fr', company_id: 'c1' },
      rows,
    );
    expect(found.map((m) => [m.row.id, m.reasons])).toEqual([['b', ['name', 'company']]]);
    const byEmail = findContactDuplicates(
      { email: 'jean@x.fr', first_name: 'Jean', last_name: 'Dupont', company_id: 'c1' },
      rows,
    );
    expect(byEmail.map((m) => m.row.id)).toEqual(['a', 'b']);
    expect(byEmail[0]?.score).toBeGreaterThan(byEmail[1]?.score ?? 1);
  });

  it('honours the threshold and the limit', () => {
    const candidate = { first_name: 'Jean', last_name: 'Dupont' };
    expect(findContactDuplicates(candidate, rows, { threshold: 0.5 }).map((m) => m.row.id)).toEqual(['a', 'b']);
    expect(findContactDuplicates(candidate, rows, { threshold: 0.5, limit: 1 })).toHaveLength(1);
    expect(findContactDuplicates(candidate, rows)).toEqual([{ row: rows[0], score: 0.8, reasons: ['name'] }]);
  });

  it('finds through the index what scoring every row finds on one-typo variants', { timeout: 60_000 }, () => {
    const people = generatePeople(1500, 7);
    const index = buildDuplicateIndex(people);
    const random = createRandom(11);
    for (let n = 0; n < 100; n += 1) {
      const candidate = perturb(random, pick(random, people), `q${n}`);
      const viaIndex = findContactDuplicatesIn(index, candidate, { limit: 1000 }).map((m) => m.row.id);
      const bruteForce = people
        .map((row) => ({ id: row.id, ...scoreContactPair(candidate, row) }))
        .filter((m) => m.score >= 0.75)
        .map((m) => m.id);
      expect(new Set(viaIndex)).toEqual(new Set(bruteForce));
    }
  });
});

describe('findDuplicateGroups', () => {
  it('groups linked records transitively and leaves singles out', () => {
    const rows: Row[] = [
      { id: '1', first_name: 'Jean', last_name: 'Dupont', email: 'jean@x.fr' },
      { id: '2', first_name: 'J', last_name: 'D', email: 'JEAN@x.fr', phone: '+33612345678' },
      { id: '3', first_name: 'Autre', last_name: 'Nom', mobile: '+33612345678' },
      { id: '4', first_name: 'Marie', last_name: 'Martin' },
    ];
    const groups = findDuplicateGroups(rows);
    expect(groups).toHaveLength(1);
    expect(groups[0]?.rows.map((r) => r.id)).toEqual(['1', '2', '3']);
    expect(groups[0]?.reasons.sort()).toEqual(['email', 'phone']);
  });

  it('does not chain two people with different e-mails through a bare homonym', () => {
    const rows: Row[] = [
      { id: '1', first_name: 'Jean', last_name: 'Dupont', email: 'jean@a.fr' },
      { id: '2', first_name: 'Jean', last_name: 'Dupont' },
      { id: '3', first_name: 'Jean', last_name: 'Dupont', email: 'jean@b.fr' },
    ];
    expect(findDuplicateGroups(rows).map((g) => g.rows.map((r) => r.id))).toEqual([['1', '2']]);
  });

  it('groups a direct pair with two addresses when the rest agrees', () => {
    const rows: Row[] = [
      { id: '1', first_name: 'Jean', last_name: 'Dupont', email: 'jean@a.fr', company_id: 'c' },
      { id: '2', first_name: 'Jean', last_name: 'Dupont', email: 'jean@b.fr', company_id: 'c' },
    ];
    expect(findDuplicateGroups(rows).map((g) => g.rows.map((r) => r.id))).toEqual([['1', '2']]);
  });

  it('finds the known duplicates of a generated set (recall and precision printed)', { timeout: 60_000 }, () => {
    const random = createRandom(4242);
    const people = generatePeople(5000, 42);
    const truth = new Set<string>();
    const extra: Row[] = [];
    for (let n = 0; n < 500; n += 1) {
      const original = people[Math.floor(random() * people.length)] as Row;
      const copy = perturb(random, original, `d${n}`);
      extra.push(copy);
      truth.add([original.id, copy.id].sort().join('|'));
    }
    const rows = [...people, ...extra];
    const groups = findDuplicateGroups(rows);
    const predicted = new Set<string>();
    for (const group of groups) {
      const ids = group.rows.map((r) => r.id);
      for (const a of ids) for (const b of ids) if (a < b) predicted.add(`${a}|${b}`);
    }
    // Several copies of one person make copy↔copy pairs true as well.
    const truthClosure = new Set(truth);
    const originalsOf = new Map<string, string[]>();
    for (const pair of truth) {
      const [a = '', b = ''] = pair.split('|');
      const original = a.startsWith('p') ? a : b;
      const copy = a.startsWith('p') ? b : a;
      originalsOf.set(original, [...(originalsOf.get(original) ?? []), copy]);
    }
    for (const copies of originalsOf.values()) {
      for (const x of copies) for (const y of copies) if (x < y) truthClosure.add(`${x}|${y}`);
    }
    const truePositives = [...predicted].filter((p) => truthClosure.has(p)).length;
    const recall = [...truth].filter((p) => predicted.has(p)).length / truth.size;
    const precision = truePositives / predicted.size;
    console.info(
      `duplicates: ${rows.length} rows, ${truth.size} known pairs → recall ${recall.toFixed(3)}, precision ${precision.toFixed(3)} (${predicted.size} predicted pairs)`,
    );
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(precision).toBeGreaterThanOrEqual(0.95);
  });

  it('indexes 100,000 contacts and answers a lookup (figures printed, not asserted)', { timeout: 60_000 }, () => {
    const people = generatePeople(100_000, 3);
    const started = performance.now();
    const index = buildDuplicateIndex(people);
    const built = performance.now() - started;
    const random = createRandom(5);
    const times: number[] = [];
    let found = 0;
    for (let n = 0; n < 200; n += 1) {
      const candidate = perturb(random, pick(random, people), `q${n}`);
      const t = performance.now();
      found += findContactDuplicatesIn(index, candidate).length > 0 ? 1 : 0;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.info(
      `duplicates index: build ${built.toFixed(0)} ms for 100k; lookup p50 ${times[100]?.toFixed(2)} ms, p95 ${times[190]?.toFixed(2)} ms, max ${times[199]?.toFixed(2)} ms`,
    );
    expect(index.size).toBe(100_000);
    expect(found).toBeGreaterThan(190);
  });
});

describe('companies', () => {
  it.each([
    ['Garage du Centre SARL', 'garage du centre'],
    ['SAS Les Ateliers Réunis', 'les ateliers reunis'],
    ['Dupont & Cie', 'dupont'],
    ['Martin et Co.', 'martin'],
    ['S.A.S. Pixel', 's a s pixel'],
    ['SA', 'sa'],
  ])('folds %s to %s', (name, key) => {
    // A name that is only a legal form keeps nothing: not a key anyone would match on.
    expect(getCompanyNameKey(name)).toBe(name === 'SA' ? '' : key);
  });

  it.each([
    ['https://www.Garage-du-Centre.fr/contact', 'garage-du-centre.fr'],
    ['garage.fr', 'garage.fr'],
    ['http://www2.garage.fr:8080', 'garage.fr'],
    ['pas un site', null],
    [null, null],
  ])('takes the domain of %s', (website, domain) => {
    expect(getWebsiteDomain(website)).toBe(domain);
  });

  it.each([
    ['SIRET vs SIREN', { name: 'A', siret: '54205118000066' }, { name: 'B', siren: '542 051 180' }, true, ['siren']],
    ['legal form stripped', { name: 'Garage du Centre SARL' }, { name: 'GARAGE DU CENTRE' }, true, ['name']],
    [
      'same website',
      { name: 'Pixel', website: 'https://www.pixel.fr' },
      { name: 'Studio Pixel', website: 'pixel.fr/' },
      true,
      ['website'],
    ],
    [
      'a name typo with the same phone',
      { name: 'Boulangerie Martin', phone: '+33478123456' },
      { name: 'Boulangerie Martn', phone: '+33478123456' },
      true,
      ['phone', 'name'],
    ],
    [
      'same name, two SIRENs',
      { name: 'Garage du Centre', siren: '542051180' },
      { name: 'Garage du Centre', siren: '443061841' },
      false,
      ['name'],
    ],
    ['different companies', { name: 'Garage du Centre' }, { name: 'Studio Pixel' }, false, []],
  ])('%s', (_label, a, b, isDuplicate, reasons) => {
    const { score, reasons: got } = scoreCompanyPair(a, b);
    expect(score >= 0.75).toBe(isDuplicate);
    expect(got).toEqual(reasons);
  });

  it('finds company duplicates through the index and companies by exact folded name', () => {
    const companies = [
      { id: 'g', name: 'Garage du Centre SARL', siren: '542051180' },
      { id: 's', name: 'Studio Pixel', website: 'https://pixel.fr' },
    ];
    expect(
      findCompanyDuplicates({ name: 'Autre nom', siret: '542 051 180 00066' }, companies).map((m) => m.row.id),
    ).toEqual(['g']);
    expect(
      findCompanyDuplicates({ name: 'Pixel Studio SAS', website: 'www.pixel.fr' }, companies).map((m) => m.row.id),
    ).toEqual(['s']);
    const index = buildCompanyDuplicateIndex(companies);
    expect(findCompanyByName(index, 'GARAGE DU CENTRE')?.id).toBe('g');
    expect(findCompanyByName(index, 'Garage du Nord')).toBeUndefined();
  });
});
