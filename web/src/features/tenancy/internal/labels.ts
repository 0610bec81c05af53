/**
 * Message keys for values that come from the database (roles, verticals, statuses). Written out
 * in full so the type checker and the locale test see every key that can be shown.
 */
import type { MatrixRole, TenantRole } from '@shared/permissions/roles.ts';
import type { InvitationStatus, Vertical } from './types.ts';

export const ROLE_LABEL_KEY = {
  owner: 'tenancy.roles.owner',
  admin: 'tenancy.roles.admin',
  manager: 'tenancy.roles.manager',
  sales: 'tenancy.roles.sales',
  technician: 'tenancy.roles.technician',
  member: 'tenancy.roles.member',
  client: 'tenancy.roles.client',
  support: 'tenancy.roles.support',
} as const satisfies Record<MatrixRole, string>;

export const ROLE_DESCRIPTION_KEY = {
  owner: 'tenancy.roleDescriptions.owner',
  admin: 'tenancy.roleDescriptions.admin',
  manager: 'tenancy.roleDescriptions.manager',
  sales: 'tenancy.roleDescriptions.sales',
  technician: 'tenancy.roleDescriptions.technician',
  member: 'tenancy.roleDescriptions.member',
  client: 'tenancy.roleDescriptions.client',
} as const satisfies Record<TenantRole, string>;

const PLAN_LABEL_KEY = {
  free: 'tenancy.plans.free',
  starter: 'tenancy.plans.starter',
  pro: 'tenancy.plans.pro',
  enterprise: 'tenancy.plans.enterprise',
} as const;

/** The key naming a plan, or undefined for a plan this build does not know (shown as is). */
export function findPlanLabelKey(plan: string): (typeof PLAN_LABEL_KEY)[keyof typeof PLAN_LABEL_KEY] | undefined {
  return Object.hasOwn(PLAN_LABEL_KEY, plan) ? PLAN_LABEL_KEY[plan as keyof typeof PLAN_LABEL_KEY] : undefined;
}

export const VERTICAL_LABEL_KEY = {
  agency: 'tenancy.verticals.agency',
  garage: 'tenancy.verticals.garage',
  services: 'tenancy.verticals.services',
} as const satisfies Record<Vertical, string>;

export const VERTICAL_DESCRIPTION_KEY = {
  agency: 'tenancy.verticalDescriptions.agency',
  garage: 'tenancy.verticalDescriptions.garage',
  services: 'tenancy.verticalDescriptions.services',
} as const satisfies Record<Vertical, string>;

export const INVITATION_STATUS_KEY = {
  pending: 'tenancy.invitations.status.pending',
  accepted: 'tenancy.invitations.status.accepted',
  revoked: 'tenancy.invitations.status.revoked',
  expired: 'tenancy.invitations.status.expired',
} as const satisfies Record<InvitationStatus, string>;

/** Legal forms French small businesses use; the stored value is the acronym. */
export const LEGAL_FORMS = [
  { value: 'EI', labelKey: 'tenancy.legalForms.EI' },
  { value: 'EURL', labelKey: 'tenancy.legalForms.EURL' },
  { value: 'SARL', labelKey: 'tenancy.legalForms.SARL' },
  { value: 'SASU', labelKey: 'tenancy.legalForms.SASU' },
  { value: 'SAS', labelKey: 'tenancy.legalForms.SAS' },
  { value: 'SA', labelKey: 'tenancy.legalForms.SA' },
  { value: 'SNC', labelKey: 'tenancy.legalForms.SNC' },
  { value: 'SCOP', labelKey: 'tenancy.legalForms.SCOP' },
  { value: 'Association', labelKey: 'tenancy.legalForms.Association' },
] as const;

/** Time zones offered for a French business (metropolitan France, overseas, neighbours). */
export const TIME_ZONES = [
  'Europe/Paris',
  'America/Guadeloupe',
  'America/Martinique',
  'America/Cayenne',
  'Indian/Reunion',
  'Indian/Mayotte',
  'America/Miquelon',
  'Pacific/Noumea',
  'Pacific/Tahiti',
  'Pacific/Wallis',
  'Europe/Brussels',
  'Europe/Luxembourg',
  'Europe/Zurich',
  'Europe/Monaco',
  'Europe/London',
  'Africa/Casablanca',
] as const;
