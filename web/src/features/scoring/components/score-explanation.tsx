/**
 * Why a score is what it is: one translated line per signal that counted, biggest effect first —
 * "+15 : 3 interactions cette semaine", "−10 : pas d’interaction depuis 21 jours".
 */
import { useTranslation } from 'react-i18next';
import type { ScoreResult } from '@shared/scoring/index.ts';
import { describeContribution, formatPoints, listExplainedContributions } from '../internal/explain.ts';
import './scoring.css';

export function ScoreExplanation({ result }: { readonly result: ScoreResult }) {
  const { t } = useTranslation();
  const lines = listExplainedContributions(result);
  if (lines.length === 0) return <p className="score-explanation__empty">{t('scoring.explanation.empty')}</p>;
  return (
    <ul className="score-explanation" aria-label={t('scoring.explanation.listLabel')}>
      {lines.map((c) => {
        const reason = describeContribution(c);
        const tone = c.points > 0 ? 'up' : c.points < 0 ? 'down' : 'flat';
        return (
          <li key={c.signal} className={`score-explanation__line score-explanation__line--${tone}`}>
            {t('scoring.explanation.line', { points: formatPoints(c.points), reason: t(reason.key, reason.values) })}
          </li>
        );
      })}
    </ul>
  );
}
