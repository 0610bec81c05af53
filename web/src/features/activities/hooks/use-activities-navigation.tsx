/** "Activité" in the main navigation, for roles that may read activities (never client accounts). */
import { useTranslation } from 'react-i18next';
import { canAct } from '@shared/permissions/matrix.ts';
import { HistoryIcon, type NavItem } from '@web/ui/index.ts';
import { useCurrentTenant } from '@web/features/tenancy/index.ts';
import { ACTIVITIES_PATHS } from '../paths.ts';

export function useActivitiesNavigation(): readonly NavItem[] {
  const { t } = useTranslation();
  const { tenant } = useCurrentTenant();
  if (!tenant || tenant.role === 'client' || !canAct(tenant.role, 'activities', 'read')) return [];
  return [{ to: ACTIVITIES_PATHS.feed, label: t('activities.nav.feed'), icon: <HistoryIcon /> }];
}
