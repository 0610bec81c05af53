/** Contacts and Entreprises in the main navigation, for roles that may read them. */
import { useTranslation } from 'react-i18next';
import { BuildingIcon, UsersIcon, type NavItem } from '@web/ui/index.ts';
import { useCurrentTenant } from '@web/features/tenancy/index.ts';
import { canUseCrm } from '../components/crm-gate.tsx';
import { CRM_PATHS } from '../paths.ts';

export function useCrmNavigation(): readonly NavItem[] {
  const { t } = useTranslation();
  const { tenant } = useCurrentTenant();
  if (!tenant || !canUseCrm(tenant.role)) return [];
  return [
    { to: CRM_PATHS.contacts, label: t('crm.nav.contacts'), icon: <UsersIcon /> },
    { to: CRM_PATHS.companies, label: t('crm.nav.companies'), icon: <BuildingIcon /> },
  ];
}
