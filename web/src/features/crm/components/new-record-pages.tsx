/** /contacts/nouveau and /entreprises/nouvelle: the create forms as pages. */
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, AppLink, PageHeader, usePageTitle } from '@web/ui/index.ts';
import { CRM_PATHS } from '../paths.ts';
import { CompanyForm } from './company-form.tsx';
import { ContactForm } from './contact-form.tsx';
import { CrmGate } from './crm-gate.tsx';
import './crm.css';

export function NewContactPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  usePageTitle(t('crm.form.newContactTitle'));
  return (
    <div className="stack crm-page">
      <AppLink to={CRM_PATHS.contacts}>{t('crm.common.back')}</AppLink>
      <PageHeader title={t('crm.form.newContactTitle')} />
      <CrmGate>
        {(context) =>
          context.canCreate ? (
            <ContactForm context={context} contact={null} onDone={() => navigate(CRM_PATHS.contacts)} />
          ) : (
            <Alert tone="info">{t('crm.common.noAccess')}</Alert>
          )
        }
      </CrmGate>
    </div>
  );
}

export function NewCompanyPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  usePageTitle(t('crm.form.newCompanyTitle'));
  return (
    <div className="stack crm-page">
      <AppLink to={CRM_PATHS.companies}>{t('crm.common.back')}</AppLink>
      <PageHeader title={t('crm.form.newCompanyTitle')} />
      <CrmGate>
        {(context) =>
          context.canCreate ? (
            <CompanyForm context={context} company={null} onDone={() => navigate(CRM_PATHS.companies)} />
          ) : (
            <Alert tone="info">{t('crm.common.noAccess')}</Alert>
          )
        }
      </CrmGate>
    </div>
  );
}
