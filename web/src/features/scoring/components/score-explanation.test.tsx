/**
 * The badge and the explanation lines as users read them: the number with its band in words, and
 * one translated line per signal that counted, biggest first, with a real minus sign.
 */
import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import type { ScoreResult } from '@shared/scoring/index.ts';
import { i18n } from '@web/i18n/index.ts';
import { ScoreBadge } from './score-badge.tsx';
import { ScoreExplanation } from './score-explanation.tsx';

const RESULT: ScoreResult = {
  score: 72,
  contributions: [
    { signal: 'recency', points: -10, params: { days: 21, last: 21 } },
    { signal: 'frequency', points: 15, params: { week: 3, month: 3 } },
    { signal: 'engagement', points: 0, params: { count: 0 } },
    { signal: 'stage', points: 12, params: { probability: 80 } },
    { signal: 'stage_age', points: -3, params: { days: 30, typical_days: 21 } },
    { signal: 'amount', points: 10, params: { percent: 250 } },
    { signal: 'completeness', points: 5, params: { filled: 3, total: 6 } },
    { signal: 'company_fit', points: 8, params: { filled: 4, total: 5 } },
  ],
};

const lines = () =>
  within(screen.getByRole('list', { name: 'Ce qui fait le score' }))
    .getAllByRole('listitem')
    .map((item) => item.textContent);

describe('ScoreExplanation', () => {
  it('prints one French line per signal that counted, biggest effect first', () => {
    render(<ScoreExplanation result={RESULT} />);
    expect(lines()).toEqual([
      '+15\u00a0: 3\u00a0interactions cette semaine',
      '+12\u00a0: étape à 80\u00a0% de probabilité',
      '\u221210\u00a0: pas d’interaction depuis 21\u00a0jours',
      '+10\u00a0: montant à 250\u00a0% de la médiane de l’entreprise',
      '+8\u00a0: profil du client renseigné à 4/5 (SIRET, secteur, taille, coordonnées)',
      '+5\u00a0: fiche remplie à 3/6',
      '\u22123\u00a0: 30\u00a0jours dans l’étape (habituellement 21)',
    ]);
  });

  it('speaks English too, with singulars', async () => {
    await i18n.changeLanguage('en');
    render(
      <ScoreExplanation
        result={{
          score: 30,
          contributions: [
            { signal: 'recency', points: 19, params: { days: 1, last: 1 } },
            { signal: 'frequency', points: 9, params: { week: 1, month: 2 } },
            { signal: 'open_opportunities', points: 8, params: { count: 1 } },
          ],
        }}
      />,
    );
    expect(
      within(screen.getByRole('list'))
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      '+19: last interaction 1 day ago',
      '+9: 2 interactions in 30 days (1 this week)',
      '+8: 1 open opportunity',
    ]);
  });

  it('explains closed deals and says when nothing counts', () => {
    const { unmount } = render(
      <ScoreExplanation
        result={{ score: 100, contributions: [{ signal: 'closed', points: 100, params: { kind: 'won' } }] }}
      />,
    );
    expect(lines()).toEqual(['+100\u00a0: affaire gagnée']);
    unmount();
    render(
      <ScoreExplanation
        result={{ score: 0, contributions: [{ signal: 'recency', points: 0, params: { days: 0, last: null } }] }}
      />,
    );
    expect(screen.getByText('Aucun signal ne compte pour l’instant.')).toBeInTheDocument();
  });
});

describe('ScoreBadge', () => {
  it('shows the number and names the band in words', () => {
    render(<ScoreBadge result={RESULT} />);
    expect(screen.getByText('Score 72 sur 100, chaud')).toBeInTheDocument();
    expect(screen.getByTitle('Score 72 sur 100, chaud')).toHaveClass('score-badge--hot');
  });

  it.each([
    [69, 'tiède', 'warm'],
    [40, 'tiède', 'warm'],
    [39, 'froid', 'cold'],
  ])('puts %i in the %s band', (score, word, band) => {
    render(<ScoreBadge result={{ score, contributions: [] }} />);
    expect(screen.getByTitle(`Score ${score} sur 100, ${word}`)).toHaveClass(`score-badge--${band}`);
  });

  it('renders nothing without a score', () => {
    const { container } = render(<ScoreBadge result={undefined} />);
    expect(container).toBeEmptyDOMElement();
  });
});
