/**
 * Turns an audit row into a sentence people read ("Sophie Martin a changé le rôle de Claire
 * Petit : commercial·e → responsable"). The actions and their details are those the database
 * triggers record (supabase/migrations/*_create_tenancy.sql); an action this build does not
 * know yet (a newer server) still gets a readable fallback naming the action.
 */
import type { TFunction } from 'i18next';
import { isTenantRole } from '@shared/permissions/roles.ts';
import type { Language } from '@web/i18n/index.ts';
import { ROLE_LABEL_KEY } from './labels.ts';
import { formatShortDateTime } from './format.ts';
import type { AuditEntry } from './types.ts';

/** Label keys of the tenant fields a settings change can list. */
const FIELD_LABEL_KEY = {
  name: 'tenancy.identity.fields.name',
  legal_name: 'tenancy.identity.fields.legalName',
  legal_form: 'tenancy.identity.fields.legalForm',
  share_capital_cents: 'tenancy.identity.fields.shareCapital',
  siren: 'tenancy.identity.fields.siren',
  siret: 'tenancy.identity.fields.siret',
  registry_kind: 'tenancy.identity.fields.registryKind',
  registry_city: 'tenancy.identity.fields.registryCity',
  vat_number: 'tenancy.identity.fields.vatNumber',
  address_line1: 'tenancy.identity.fields.addressLine1',
  address_line2: 'tenancy.identity.fields.addressLine2',
  postal_code: 'tenancy.identity.fields.postalCode',
  city: 'tenancy.identity.fields.city',
  country: 'tenancy.audit.fields.country',
  logo_path: 'tenancy.audit.fields.logo',
  plan: 'tenancy.audit.fields.plan',
  locale: 'tenancy.settings.fields.locale',
  time_zone: 'tenancy.settings.fields.timeZone',
  session_timeout_minutes: 'tenancy.settings.fields.sessionTimeout',
  mfa_required_for_admins: 'tenancy.settings.fields.mfaRequired',
  numbering_prefix: 'tenancy.settings.fields.numberingPrefix',
} as const;

type FieldName = keyof typeof FIELD_LABEL_KEY;

function isFieldName(value: string): value is FieldName {
  return Object.hasOwn(FIELD_LABEL_KEY, value);
}

function readString(details: Readonly<Record<string, unknown>>, key: string): string {
  const value = details[key];
  return typeof value === 'string' ? value : '';
}

export type AuditSentenceContext = {
  readonly t: TFunction;
  readonly language: Language;
  readonly timeZone: string;
};

/** The sentence for one audit row, in the interface language. */
export function buildAuditSentence(entry: AuditEntry, { t, language, timeZone }: AuditSentenceContext): string {
  const details = entry.details;
  const actor = entry.actor_name?.trim() || (entry.actor_id ? t('tenancy.audit.someone') : t('tenancy.audit.system'));
  const subject = entry.subject_name?.trim() || t('tenancy.audit.aMember');
  const role = (key: string) => {
    const value = readString(details, key);
    return isTenantRole(value) ? t(ROLE_LABEL_KEY[value]).toLocaleLowerCase(language) : value;
  };
  const email = readString(details, 'email');

  switch (entry.action) {
    case 'tenant.created':
      return t('tenancy.audit.actions.tenantCreated', { actor, name: readString(details, 'name') });
    case 'tenant.deleted':
      return t('tenancy.audit.actions.tenantDeleted', { actor, name: readString(details, 'name') });
    case 'tenant.settings_changed': {
      const changes = details['changes'];
      const names =
        typeof changes === 'object' && changes !== null
          ? Object.keys(changes)
              .filter(isFieldName)
              .map((field) => t(FIELD_LABEL_KEY[field]).toLocaleLowerCase(language))
          : [];
      if (names.length === 0) return t('tenancy.audit.actions.settingsChanged', { actor });
      const list = new Intl.ListFormat(language, { type: 'conjunction' }).format(names);
      return t('tenancy.audit.actions.settingsChangedFields', { actor, fields: list });
    }
    case 'member.added':
      return entry.actor_id !== null && entry.actor_id === entry.subject_user_id
        ? t('tenancy.audit.actions.memberJoined', { subject, role: role('role') })
        : t('tenancy.audit.actions.memberAdded', { actor, subject, role: role('role') });
    case 'invitation.accepted':
      return t('tenancy.audit.actions.invitationAccepted', { subject, role: role('role') });
    case 'member.role_changed':
      return t('tenancy.audit.actions.roleChanged', { actor, subject, from: role('from'), to: role('to') });
    case 'member.status_changed':
      return readString(details, 'to') === 'suspended'
        ? t('tenancy.audit.actions.memberSuspended', { actor, subject })
        : t('tenancy.audit.actions.memberReactivated', { actor, subject });
    case 'member.removed':
      return t('tenancy.audit.actions.memberRemoved', { actor, subject });
    case 'member.left':
      return t('tenancy.audit.actions.memberLeft', { subject });
    case 'invitation.created':
      return t('tenancy.audit.actions.invitationCreated', { actor, email, role: role('role') });
    case 'invitation.resent':
      return t('tenancy.audit.actions.invitationResent', { actor, email });
    case 'invitation.revoked':
      return t('tenancy.audit.actions.invitationRevoked', { actor, email });
    case 'invitation.deleted':
      return t('tenancy.audit.actions.invitationDeleted', { actor, email });
    case 'support_access.granted': {
      const expiresAt = readString(details, 'expires_at');
      const until = expiresAt ? formatShortDateTime(expiresAt, language, timeZone) : '';
      return t('tenancy.audit.actions.supportGranted', { actor, until });
    }
    case 'support_access.revoked':
      return t('tenancy.audit.actions.supportRevoked', { actor });
    case 'mfa.enrolled':
      return t('tenancy.audit.actions.mfaEnrolled', { subject });
    case 'mfa.removed':
      return t('tenancy.audit.actions.mfaRemoved', { subject });
    case 'data.exported':
      return t('tenancy.audit.actions.dataExported', { subject });
    case 'auth.signed_in':
      return t('tenancy.audit.actions.signedIn', { subject });
    case 'auth.sign_in_failed': {
      const reason = readString(details, 'reason');
      if (reason === 'invalid_password') return t('tenancy.audit.actions.signInFailedPassword', { subject });
      if (reason === 'too_many_attempts') return t('tenancy.audit.actions.signInBlocked', { subject });
      return t('tenancy.audit.actions.signInFailed', { subject });
    }
    default:
      return t('tenancy.audit.actions.unknown', { actor, action: entry.action });
  }
}
