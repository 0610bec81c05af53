/** The pipeline's filter bar: owner, tag, close month, score band, and the sort of the cards. */
import { useTranslation } from 'react-i18next';
import { Button, SelectField } from '@web/ui/index.ts';
import { useLanguage, LOCALE_BY_LANGUAGE } from '@web/i18n/index.ts';
import type { PipelineContext } from '../hooks/use-pipeline-context.ts';
import { hasActiveFilters, type PipelineFilters, type ScoreBand, type SortOrder } from '../internal/filters.ts';

const BAND_KEYS = {
  hot: 'pipeline.filters.bands.hot',
  warm: 'pipeline.filters.bands.warm',
  cold: 'pipeline.filters.bands.cold',
  unscored: 'pipeline.filters.bands.unscored',
} as const satisfies Readonly<Record<ScoreBand, string>>;

const SORT_KEYS = {
  score: 'pipeline.filters.sorts.score',
  close: 'pipeline.filters.sorts.close',
  amount: 'pipeline.filters.sorts.amount',
} as const satisfies Readonly<Record<SortOrder, string>>;

export type PipelineFiltersBarProps = {
  readonly filters: PipelineFilters;
  readonly tags: readonly string[];
  readonly months: readonly string[];
  readonly context: PipelineContext;
  readonly onChange: (filters: PipelineFilters) => void;
};

export function PipelineFiltersBar({ filters, tags, months, context, onChange }: PipelineFiltersBarProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const set = (patch: Partial<PipelineFilters>) => onChange({ ...filters, ...patch });
  const formatMonth = (month: string) =>
    new Intl.DateTimeFormat(LOCALE_BY_LANGUAGE[language], { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${month}-01T00:00:00Z`),
    );
  const ownerOptions = [
    { value: '', label: t('pipeline.filters.everyone') },
    { value: 'me', label: t('pipeline.common.me') },
    { value: 'none', label: t('pipeline.common.unassigned') },
    ...context.members
      .filter((member) => member.user_id !== context.userId)
      .map((member) => ({ value: member.user_id, label: member.display_name ?? member.email })),
  ];
  if (filters.owner && !ownerOptions.some((option) => option.value === filters.owner)) {
    ownerOptions.push({ value: filters.owner, label: t('pipeline.common.unknownOwner') });
  }
  const tagOptions = [
    { value: '', label: t('pipeline.filters.anyTag') },
    ...[...new Set([...tags, ...(filters.tag ? [filters.tag] : [])])].map((tag) => ({ value: tag, label: tag })),
  ];
  const monthOptions = [
    { value: '', label: t('pipeline.filters.anyMonth') },
    ...[...new Set([...months, ...(filters.month ? [filters.month] : [])])]
      .sort()
      .map((month) => ({ value: month, label: formatMonth(month) })),
  ];
  return (
    <div className="pipeline-filters" role="group" aria-label={t('pipeline.filters.label')}>
      <SelectField
        label={t('pipeline.filters.owner')}
        value={filters.owner}
        options={ownerOptions}
        onChange={(event) => set({ owner: event.target.value })}
      />
      <SelectField
        label={t('pipeline.filters.tag')}
        value={filters.tag}
        options={tagOptions}
        onChange={(event) => set({ tag: event.target.value })}
      />
      <SelectField
        label={t('pipeline.filters.month')}
        value={filters.month}
        options={monthOptions}
        onChange={(event) => set({ month: event.target.value })}
      />
      <SelectField
        label={t('pipeline.filters.band')}
        value={filters.band}
        options={[
          { value: '', label: t('pipeline.filters.anyBand') },
          ...(Object.keys(BAND_KEYS) as ScoreBand[]).map((band) => ({ value: band, label: t(BAND_KEYS[band]) })),
        ]}
        onChange={(event) => set({ band: event.target.value as ScoreBand | '' })}
      />
      <SelectField
        label={t('pipeline.filters.sort')}
        value={filters.sort}
        options={(Object.keys(SORT_KEYS) as SortOrder[]).map((sort) => ({ value: sort, label: t(SORT_KEYS[sort]) }))}
        onChange={(event) => set({ sort: event.target.value as SortOrder })}
      />
      {hasActiveFilters(filters) ? (
        <div className="pipeline-filters__clear">
          <Button variant="ghost" onClick={() => onChange({ ...filters, owner: '', tag: '', month: '', band: '' })}>
            {t('pipeline.filters.clear')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
