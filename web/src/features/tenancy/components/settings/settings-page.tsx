/**
 * /parametres — the company's settings: identity and legal mentions, language and time zone,
 * security rules, numbering, support access, and the danger zone. Owners and admins edit;
 * other roles read (the matrix lets every member read the tenant); support access and deletion
 * appear only for the roles the matrix allows.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { canAct } from '@shared/permissions/matrix.ts';
import { Alert, PageHeader, usePageTitle } from '@web/ui/index.ts';
import type { CurrentTenant } from '@web/features/tenancy/hooks/use-current-tenant.ts';
import { tenantQuery } from '@web/features/tenancy/queries.ts';
import { QueryStatus } from '../query-status.tsx';
import { TenantGate } from '../tenant-gate.tsx';
import { DangerZone } from './danger-zone.tsx';
import { IdentityForm } from './identity-form.tsx';
import { NumberingForm, RegionalForm, SecurityForm } from './preference-forms.tsx';
import { SupportAccessCard } from './support-access-card.tsx';

export function SettingsPage() {
  const { t } = useTranslation();
  usePageTitle(t('tenancy.settings.title'));
  return (
    <TenantGate isAllowed={(role) => canAct(role, 'tenants', 'read')}>
      {({ tenant, userId }) => <Settings key={tenant.id} tenant={tenant} userId={userId} />}
    </TenantGate>
  );
}

function Settings({ tenant, userId }: { readonly tenant: CurrentTenant; readonly userId: string }) {
  const { t } = useTranslation();
  const query = useQuery(tenantQuery(userId, tenant.id));
  const isReadOnly = !canAct(tenant.role, 'tenants', 'update');

  return (
    <div className="stack">
      <PageHeader title={t('tenancy.settings.title')} intro={t('tenancy.settings.intro', { tenant: tenant.name })} />
      {isReadOnly ? <Alert tone="info">{t('tenancy.settings.readOnly')}</Alert> : null}
      <QueryStatus
        query={query}
        loadingLabel={t('tenancy.settings.loading')}
        failedTitle={t('tenancy.settings.failed')}
      />
      {query.isSuccess ? (
        <>
          <IdentityForm row={query.data} userId={userId} isReadOnly={isReadOnly} />
          <RegionalForm row={query.data} userId={userId} isReadOnly={isReadOnly} />
          <SecurityForm row={query.data} userId={userId} isReadOnly={isReadOnly} />
          <NumberingForm row={query.data} userId={userId} isReadOnly={isReadOnly} />
        </>
      ) : null}
      {canAct(tenant.role, 'support_access_grants', 'read') ? (
        <SupportAccessCard tenant={tenant} userId={userId} />
      ) : null}
      {canAct(tenant.role, 'tenants', 'delete') ? <DangerZone tenant={tenant} userId={userId} /> : null}
    </div>
  );
}
