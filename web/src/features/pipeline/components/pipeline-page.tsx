/**
 * /pipeline — the opportunities of the active company, read from the local replica (works
 * offline): a Kanban board (default on wide screens), a compact list (default on phones) or the
 * funnel. Filters, sort and view live in the address. Moves are local writes, synced later.
 */
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { OpportunityStageHistory } from '@shared/sales/index.ts';
import { useSyncState } from '@web/lib/db/index.ts';
import { useOpportunityScores } from '@web/features/scoring/index.ts';
import {
  AppLink,
  LoadingState,
  PageHeader,
  PlusIcon,
  SettingsIcon,
  usePageTitle,
  useMediaQuery,
  WIDE_SCREEN,
} from '@web/ui/index.ts';
import type { PipelineContext } from '../hooks/use-pipeline-context.ts';
import { useAllStageHistory, useCompanyNames, useOpportunities, useStages } from '../hooks/use-pipeline-rows.ts';
import {
  buildFilterParams,
  filterOpportunities,
  hasActiveFilters,
  listCloseMonths,
  listTags,
  parseFilters,
  PIPELINE_VIEWS,
  type PipelineFilters,
  type PipelineView,
} from '../internal/filters.ts';
import { PIPELINE_PATHS } from '../paths.ts';
import { FunnelView } from './funnel-view.tsx';
import { OpportunityList } from './opportunity-list.tsx';
import { PipelineBoard } from './pipeline-board.tsx';
import { PipelineFiltersBar } from './pipeline-filters.tsx';
import { PipelineGate } from './pipeline-gate.tsx';
import './pipeline.css';

const VIEW_KEYS = {
  board: 'pipeline.views.board',
  list: 'pipeline.views.list',
  funnel: 'pipeline.views.funnel',
} as const satisfies Readonly<Record<PipelineView, string>>;

export function PipelinePage() {
  const { t } = useTranslation();
  usePageTitle(t('pipeline.title'));
  return <PipelineGate>{(context) => <Pipeline context={context} />}</PipelineGate>;
}

function Pipeline({ context }: { readonly context: PipelineContext }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const isWide = useMediaQuery(WIDE_SCREEN);
  const sync = useSyncState();
  const stages = useStages();
  const opportunities = useOpportunities();
  const companyNames = useCompanyNames();
  const scores = useOpportunityScores();
  const filters = useMemo(() => parseFilters(params), [params]);
  const view: PipelineView = filters.view ?? (isWide ? 'board' : 'list');
  const setFilters = (next: PipelineFilters) => setParams(buildFilterParams(next), { replace: true });
  const filtered = useMemo(
    () => filterOpportunities(opportunities ?? [], filters, scores, context.userId),
    [opportunities, filters, scores, context.userId],
  );
  const tags = useMemo(() => listTags(opportunities ?? []), [opportunities]);
  const months = useMemo(() => listCloseMonths(opportunities ?? []), [opportunities]);

  const header = (
    <div className="pipeline-page__header">
      <PageHeader title={t('pipeline.title')} />
      <div className="pipeline-page__actions">
        {context.canManageStages ? (
          <AppLink to={PIPELINE_PATHS.settings} asButton="secondary">
            <SettingsIcon className="button__icon" />
            {t('pipeline.settings.link')}
          </AppLink>
        ) : null}
        {context.canCreate ? (
          <AppLink to={PIPELINE_PATHS.opportunityNew} asButton="primary">
            <PlusIcon className="button__icon" />
            {t('pipeline.actions.new')}
          </AppLink>
        ) : null}
      </div>
    </div>
  );

  if (stages === undefined || opportunities === undefined) {
    return (
      <div className="stack pipeline-page">
        {header}
        <LoadingState
          label={sync.phase === 'initial' ? t('pipeline.common.initialSync') : t('pipeline.common.loading')}
        />
      </div>
    );
  }

  return (
    <div className="stack pipeline-page">
      {header}
      <div className="pipeline-views" role="group" aria-label={t('pipeline.views.label')}>
        {PIPELINE_VIEWS.map((candidate) => (
          <button
            key={candidate}
            type="button"
            className="pipeline-views__button"
            aria-pressed={candidate === view}
            onClick={() => setFilters({ ...filters, view: candidate })}
          >
            {t(VIEW_KEYS[candidate])}
          </button>
        ))}
      </div>
      <PipelineFiltersBar filters={filters} tags={tags} months={months} context={context} onChange={setFilters} />
      {stages.length === 0 ? (
        <div className="empty-state">
          <h2>{t('pipeline.empty.noStagesTitle')}</h2>
          <p>{t('pipeline.empty.noStagesBody')}</p>
        </div>
      ) : opportunities.length === 0 && view !== 'board' ? (
        <div className="empty-state">
          <h2>{t('pipeline.empty.title')}</h2>
          <p>{t('pipeline.empty.body')}</p>
          {context.canCreate ? (
            <div className="form-actions">
              <AppLink to={PIPELINE_PATHS.opportunityNew} asButton="primary">
                {t('pipeline.actions.new')}
              </AppLink>
            </div>
          ) : null}
        </div>
      ) : filtered.length === 0 && hasActiveFilters(filters) && view !== 'board' ? (
        <div className="empty-state">
          <h2>{t('pipeline.empty.noResultsTitle')}</h2>
          <p>{t('pipeline.empty.noResultsBody')}</p>
        </div>
      ) : view === 'board' ? (
        <PipelineBoard
          stages={stages}
          opportunities={filtered}
          scores={scores}
          sort={filters.sort}
          companyNames={companyNames}
          context={context}
        />
      ) : view === 'list' ? (
        <OpportunityList
          stages={stages}
          opportunities={filtered}
          scores={scores}
          sort={filters.sort}
          companyNames={companyNames}
          context={context}
        />
      ) : (
        <FilteredFunnel stages={stages} opportunityIds={filtered.map((opportunity) => opportunity.id)} />
      )}
    </div>
  );
}

/** The funnel of the opportunities the filters keep. */
function FilteredFunnel({
  stages,
  opportunityIds,
}: {
  readonly stages: Parameters<typeof FunnelView>[0]['stages'];
  readonly opportunityIds: readonly string[];
}) {
  const { t } = useTranslation();
  const history = useAllStageHistory();
  const kept = useMemo(() => new Set(opportunityIds), [opportunityIds]);
  const filtered = useMemo<OpportunityStageHistory[]>(
    () => (history ?? []).filter((entry) => kept.has(entry.opportunity_id)),
    [history, kept],
  );
  if (history === undefined) return <LoadingState label={t('pipeline.common.loading')} />;
  return <FunnelView stages={stages} history={filtered} />;
}
