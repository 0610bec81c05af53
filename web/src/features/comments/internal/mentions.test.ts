/** @mentions in comment bodies: the query at the caret, insertion, collection, rendering. */
import { describe, expect, it } from 'vitest';
import { collectMentions, filterMentionables, findMentionQuery, insertMention, splitBody } from './mentions.ts';

const SOPHIE = { id: 'user-sophie', name: 'Sophie Bernard' };
const ELODIE = { id: 'user-elodie', name: 'Élodie Sanchez' };
const ANNE = { id: 'user-anne', name: 'Anne' };
const ANNE_MARIE = { id: 'user-anne-marie', name: 'Anne-Marie' };

describe('mentions', () => {
  it('finds the name being typed after "@" at the start or after a space, not inside an e-mail', () => {
    expect(findMentionQuery('Merci @So', 9)).toEqual({ start: 6, query: 'So' });
    expect(findMentionQuery('@', 1)).toEqual({ start: 0, query: '' });
    expect(findMentionQuery('écrire à lucas@exemple.fr', 25)).toBeNull();
    expect(findMentionQuery('@Sophie\nla suite', 16)).toBeNull();
  });

  it('matches any word of a name, accents and case ignored', () => {
    expect(filterMentionables([SOPHIE, ELODIE], 'elo')).toEqual([ELODIE]);
    expect(filterMentionables([SOPHIE, ELODIE], 'bern')).toEqual([SOPHIE]);
    expect(filterMentionables([SOPHIE, ELODIE], '')).toEqual([SOPHIE, ELODIE]);
  });

  it('replaces the typed text with the full name and puts the caret after it', () => {
    expect(insertMention('Merci @so pour tout', 6, 9, 'Sophie Bernard')).toEqual({
      text: 'Merci @Sophie Bernard  pour tout',
      caret: 22,
    });
  });

  it('collects the ids of names still in the body, once each', () => {
    expect(collectMentions('@Sophie Bernard et @Sophie Bernard, vu\u202f?', [SOPHIE, ELODIE])).toEqual([SOPHIE.id]);
    expect(collectMentions('plus personne', [SOPHIE])).toEqual([]);
  });

  it('renders the longest matching name as the mention', () => {
    expect(splitBody('Merci @Anne-Marie !', [ANNE, ANNE_MARIE])).toEqual([
      { kind: 'text', text: 'Merci ' },
      { kind: 'mention', id: ANNE_MARIE.id, name: 'Anne-Marie' },
      { kind: 'text', text: ' !' },
    ]);
  });
});
