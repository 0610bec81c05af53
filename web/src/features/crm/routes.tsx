/**
 * CRM routes (signed-in, under the SecurityGate). Pages load lazily; the service worker
 * precaches them, so every screen opens offline. Static paths come before `:id`.
 */
import type { RouteObject } from 'react-router';
import { CRM_PATHS } from './paths.ts';

export { CRM_PATHS };

export const crmRoutes: RouteObject[] = [
  {
    path: CRM_PATHS.contacts,
    lazy: async () => ({ Component: (await import('./components/contacts-page.tsx')).ContactsPage }),
  },
  {
    path: CRM_PATHS.contactNew,
    lazy: async () => ({ Component: (await import('./components/new-record-pages.tsx')).NewContactPage }),
  },
  {
    path: CRM_PATHS.contactImport,
    lazy: async () => ({ Component: (await import('./components/import-page.tsx')).ImportPage }),
  },
  {
    path: CRM_PATHS.contactDuplicates,
    lazy: async () => ({ Component: (await import('./components/duplicates-page.tsx')).DuplicatesPage }),
  },
  {
    path: `${CRM_PATHS.contacts}/:id`,
    lazy: async () => ({ Component: (await import('./components/contact-detail-page.tsx')).ContactDetailPage }),
  },
  {
    path: CRM_PATHS.companies,
    lazy: async () => ({ Component: (await import('./components/companies-page.tsx')).CompaniesPage }),
  },
  {
    path: CRM_PATHS.companyNew,
    lazy: async () => ({ Component: (await import('./components/new-record-pages.tsx')).NewCompanyPage }),
  },
  {
    path: CRM_PATHS.companyMerge,
    lazy: async () => ({ Component: (await import('./components/company-merge-page.tsx')).CompanyMergePage }),
  },
  {
    path: `${CRM_PATHS.companies}/:id`,
    lazy: async () => ({ Component: (await import('./components/company-detail-page.tsx')).CompanyDetailPage }),
  },
];
