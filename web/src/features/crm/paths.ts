/** Addresses of the CRM screens (French, like the rest of the app's addresses). */
export const CRM_PATHS = {
  contacts: '/contacts',
  contactNew: '/contacts/nouveau',
  contactImport: '/contacts/import',
  contactDuplicates: '/contacts/doublons',
  companies: '/entreprises',
  companyNew: '/entreprises/nouvelle',
  companyMerge: '/entreprises/fusion',
} as const;

/** The page of one contact. */
export function buildContactPath(id: string): string {
  return `${CRM_PATHS.contacts}/${encodeURIComponent(id)}`;
}

/** The page of one company. */
export function buildCompanyPath(id: string): string {
  return `${CRM_PATHS.companies}/${encodeURIComponent(id)}`;
}

/** The merge screen for these contacts (the first one is kept by default). */
export function buildMergePath(ids: readonly string[]): string {
  return `${CRM_PATHS.contactDuplicates}?ids=${ids.map(encodeURIComponent).join(',')}`;
}

/** The merge screen for these companies (the first one is kept by default). */
export function buildCompanyMergePath(ids: readonly string[]): string {
  return `${CRM_PATHS.companyMerge}?ids=${ids.map(encodeURIComponent).join(',')}`;
}
