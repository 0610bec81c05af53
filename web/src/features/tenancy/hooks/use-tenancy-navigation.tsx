/**
 * The tenancy pages the current user may use, as navigation items: hidden when the role cannot
 * use them (permission matrix), the operator console only for platform operators.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { canAct } from '@shared/permissions/matrix.ts';
import { ConsoleIcon, HistoryIcon, SettingsIcon, UsersIcon, type NavItem } from '@web/ui/index.ts';
import { useSession } from '@web/features/auth/index.ts';
import { amIOperatorQuery } from '../queries.ts';
import { TENANCY_PATHS } from '../routes.tsx';
import { useCurrentTenant } from './use-current-tenant.ts';

export type TenancyNavigation = {
  /** Team, settings, audit log: in the order the menu shows them. */
  readonly tenantItems: readonly NavItem[];
  /** The operator console, when the user is a platform operator. */
  readonly operatorItem: NavItem | null;
};

export function useTenancyNavigation(): TenancyNavigation {
  const { t } = useTranslation();
  const session = useSession();
  const { tenant } = useCurrentTenant();
  const userId = session.status === 'signed-in' ? session.user.id : '';
  const isConfirmed = session.status === 'signed-in' && session.isConfirmed;
  const operator = useQuery(amIOperatorQuery(userId, isConfirmed));

  const tenantItems: NavItem[] = [];
  if (tenant) {
    if (canAct(tenant.role, 'memberships', 'read')) {
      tenantItems.push({ to: TENANCY_PATHS.team, label: t('tenancy.nav.team'), icon: <UsersIcon /> });
    }
    // Everyone may read the tenant, but only those who can change it need the page in the menu.
    if (canAct(tenant.role, 'tenants', 'update')) {
      tenantItems.push({ to: TENANCY_PATHS.settings, label: t('tenancy.nav.settings'), icon: <SettingsIcon /> });
    }
    if (canAct(tenant.role, 'audit_log', 'read')) {
      tenantItems.push({ to: TENANCY_PATHS.audit, label: t('tenancy.nav.audit'), icon: <HistoryIcon /> });
    }
  }
  return {
    tenantItems,
    operatorItem:
      operator.data === true
        ? { to: TENANCY_PATHS.operator, label: t('tenancy.nav.operator'), icon: <ConsoleIcon /> }
        : null,
  };
}
