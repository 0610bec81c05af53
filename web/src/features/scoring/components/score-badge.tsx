/**
 * The score as a compact badge: the number, a colour band (hot / warm / cold) and, since colour is
 * never the only signal, the band in words for assistive technology and as a tooltip.
 */
import { useTranslation } from 'react-i18next';
import type { ScoreResult } from '@shared/scoring/index.ts';
import { BAND_KEYS, getScoreBand } from '../internal/explain.ts';
import './scoring.css';

export function ScoreBadge({ result }: { readonly result: ScoreResult | null | undefined }) {
  const { t } = useTranslation();
  if (!result) return null;
  const band = getScoreBand(result.score);
  const label = t('scoring.badge.label', { score: result.score, band: t(BAND_KEYS[band]) });
  return (
    <span className={`score-badge score-badge--${band}`} title={label}>
      <span aria-hidden="true">{result.score}</span>
      <span className="visually-hidden">{label}</span>
    </span>
  );
}
