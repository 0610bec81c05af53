/** /pipeline/nouvelle and /pipeline/:id/modifier: the opportunity form as pages. */
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, AppLink, LoadingState, PageHeader, usePageTitle } from '@web/ui/index.ts';
import type { PipelineContext } from '../hooks/use-pipeline-context.ts';
import { useOpportunity, useStages } from '../hooks/use-pipeline-rows.ts';
import { buildOpportunityPath, PIPELINE_PATHS } from '../paths.ts';
import { OpportunityForm } from './opportunity-form.tsx';
import { PipelineGate } from './pipeline-gate.tsx';
import './pipeline.css';

export function NewOpportunityPage() {
  const { t } = useTranslation();
  usePageTitle(t('pipeline.form.newTitle'));
  return (
    <div className="stack pipeline-page">
      <AppLink to={PIPELINE_PATHS.board}>{t('pipeline.common.back')}</AppLink>
      <PageHeader title={t('pipeline.form.newTitle')} />
      <PipelineGate>
        {(context) =>
          context.canCreate ? (
            <NewOpportunity context={context} />
          ) : (
            <Alert tone="info">{t('pipeline.common.noAccess')}</Alert>
          )
        }
      </PipelineGate>
    </div>
  );
}

function NewOpportunity({ context }: { readonly context: PipelineContext }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const stages = useStages();
  if (stages === undefined) return <LoadingState label={t('pipeline.common.loading')} />;
  if (stages.length === 0) return <Alert tone="warning">{t('pipeline.empty.noStagesBody')}</Alert>;
  return (
    <OpportunityForm
      context={context}
      stages={stages}
      opportunity={null}
      onDone={(id) => navigate(id ? buildOpportunityPath(id) : PIPELINE_PATHS.board)}
    />
  );
}

export function EditOpportunityPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  usePageTitle(t('pipeline.form.editTitle'));
  return (
    <div className="stack pipeline-page">
      <AppLink to={buildOpportunityPath(id)}>{t('pipeline.common.back')}</AppLink>
      <PageHeader title={t('pipeline.form.editTitle')} />
      <PipelineGate>{(context) => <EditOpportunity key={id} id={id} context={context} />}</PipelineGate>
    </div>
  );
}

function EditOpportunity({ id, context }: { readonly id: string; readonly context: PipelineContext }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const stages = useStages();
  const opportunity = useOpportunity(id);
  if (stages === undefined || opportunity === undefined) return <LoadingState label={t('pipeline.common.loading')} />;
  if (opportunity === null) return <Alert tone="warning">{t('pipeline.detail.notFound')}</Alert>;
  if (!context.canEdit(opportunity.owner_id)) return <Alert tone="info">{t('pipeline.common.noAccess')}</Alert>;
  return (
    <OpportunityForm
      context={context}
      stages={stages}
      opportunity={opportunity}
      onDone={() => navigate(buildOpportunityPath(id))}
    />
  );
}
