/** Pipeline in the main navigation, for roles that may read opportunities. */
import { useTranslation } from 'react-i18next';
import type { NavItem } from '@web/ui/index.ts';
import { useCurrentTenant } from '@web/features/tenancy/index.ts';
import { canUsePipeline } from '../components/pipeline-gate.tsx';
import { PipelineIcon } from '../components/pipeline-icon.tsx';
import { PIPELINE_PATHS } from '../paths.ts';

export function usePipelineNavigation(): readonly NavItem[] {
  const { t } = useTranslation();
  const { tenant } = useCurrentTenant();
  if (!tenant || !canUsePipeline(tenant.role)) return [];
  return [{ to: PIPELINE_PATHS.board, label: t('pipeline.nav.pipeline'), icon: <PipelineIcon /> }];
}
