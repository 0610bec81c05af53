/**
 * Header control: the current company's name, always (from the last known list when offline);
 * a menu to switch when the user belongs to several, which also offers to create another.
 * The switch is announced to screen readers.
 */
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { BuildingIcon, MenuButton } from '@web/ui/index.ts';
import { useCurrentTenant } from '../hooks/use-current-tenant.ts';
import { ROLE_LABEL_KEY } from '../internal/labels.ts';
import { TENANCY_PATHS } from '../routes.tsx';

const CREATE_ACTION = 'create-tenant';

export function TenantSwitcher() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { tenant, tenants, switchTenant } = useCurrentTenant();
  const [announcement, setAnnouncement] = useState('');

  const status = (
    <span className="visually-hidden" role="status">
      {announcement}
    </span>
  );
  if (!tenant) return status;

  if (tenants.length < 2) {
    return (
      <span className="tenant-label" title={tenant.name}>
        <BuildingIcon className="button__icon" />
        <span className="visually-hidden">{t('tenancy.switcher.label')}</span>
        <span className="tenant-name">{tenant.name}</span>
        {status}
      </span>
    );
  }

  return (
    <>
      <MenuButton
        buttonLabel={t('tenancy.switcher.buttonLabel', { name: tenant.name })}
        menuLabel={t('tenancy.switcher.menuLabel')}
        items={tenants.map((candidate) => ({
          id: candidate.id,
          label: candidate.name,
          description: t('tenancy.switcher.roleIn', { role: t(ROLE_LABEL_KEY[candidate.role]) }),
          isChecked: candidate.id === tenant.id,
        }))}
        actions={[{ id: CREATE_ACTION, label: t('tenancy.switcher.create') }]}
        onSelect={(id) => {
          if (id === CREATE_ACTION) {
            void navigate(`${TENANCY_PATHS.onboarding}?nouvelle=1`);
            return;
          }
          if (id === tenant.id) return;
          switchTenant(id);
          const chosen = tenants.find((candidate) => candidate.id === id);
          if (chosen) setAnnouncement(t('tenancy.switcher.switched', { name: chosen.name }));
        }}
      >
        <BuildingIcon className="button__icon" />
        <span className="tenant-name">{tenant.name}</span>
      </MenuButton>
      {status}
    </>
  );
}
