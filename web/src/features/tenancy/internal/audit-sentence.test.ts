import { describe, expect, it } from 'vitest';
import { i18n, changeLanguage } from '@web/i18n/index.ts';
import { buildAuditSentence } from './audit-sentence.ts';
import type { AuditEntry } from './types.ts';

function createEntry(
  action: string,
  details: Record<string, unknown>,
  overrides: Partial<AuditEntry> = {},
): AuditEntry {
  return {
    id: 1,
    action,
    actor_id: 'sophie',
    actor_name: 'Sophie Martin',
    subject_user_id: 'claire',
    subject_name: 'Claire Petit',
    target_type: 'membership',
    target_id: 'm-claire',
    details,
    ip: '203.0.113.7',
    created_at: '2026-11-21T10:00:00Z',
    ...overrides,
  };
}

const context = () => ({
  t: i18n.t,
  language: i18n.language === 'en' ? ('en' as const) : ('fr' as const),
  timeZone: 'Europe/Paris',
});

/** jsdom keeps U+00A0 in text; compare words, not spacing. */
const normalizeSpaces = (text: string) => text.replace(/\s+/g, ' ');

describe('buildAuditSentence', () => {
  it('words a role change as people say it, in French and in English', async () => {
    const entry = createEntry('member.role_changed', { from: 'sales', to: 'manager', status: 'active' });
    expect(normalizeSpaces(buildAuditSentence(entry, context()))).toBe(
      'Sophie Martin a changé le rôle de Claire Petit : commercial·e → responsable',
    );
    await changeLanguage('en');
    expect(buildAuditSentence(entry, context())).toBe(
      'Sophie Martin changed the role of Claire Petit: sales → manager',
    );
  });

  it('lists the settings that changed, with their names', () => {
    const entry = createEntry('tenant.settings_changed', {
      changes: { time_zone: { from: 'Europe/Paris', to: 'Indian/Reunion' }, numbering_prefix: { from: '', to: 'GDC' } },
    });
    expect(normalizeSpaces(buildAuditSentence(entry, context()))).toBe(
      'Sophie Martin a modifié les paramètres de l’entreprise : fuseau horaire et préfixe de numérotation',
    );
  });

  it('covers invitations, departures, MFA and the support access end date in the company time zone', () => {
    expect(
      buildAuditSentence(
        createEntry('invitation.created', { email: 'karim@garage.test', role: 'technician' }),
        context(),
      ),
    ).toBe('Sophie Martin a invité karim@garage.test en tant que technicien·ne');
    expect(buildAuditSentence(createEntry('member.left', { role: 'sales' }), context())).toBe(
      'Claire Petit a quitté l’entreprise',
    );
    expect(buildAuditSentence(createEntry('mfa.enrolled', { factor_type: 'totp' }), context())).toBe(
      'Claire Petit a activé la double authentification',
    );
    expect(
      normalizeSpaces(
        buildAuditSentence(
          createEntry('support_access.granted', { expires_at: '2026-11-21T22:30:00+00:00', reason: '' }),
          context(),
        ),
      ),
    ).toBe('Sophie Martin a ouvert l’accès du support Comptoir jusqu’au 21 nov. 2026, 23:30');
  });

  it('words sign-ins and failed sign-ins with their reason', () => {
    const signedIn = createEntry(
      'auth.signed_in',
      { method: 'password' },
      { actor_id: 'claire', actor_name: 'Claire Petit' },
    );
    expect(buildAuditSentence(signedIn, context())).toBe('Claire Petit s’est connecté·e');
    const wrongPassword = createEntry(
      'auth.sign_in_failed',
      { reason: 'invalid_password' },
      { actor_id: null, actor_name: null },
    );
    expect(normalizeSpaces(buildAuditSentence(wrongPassword, context()))).toBe(
      'Échec de connexion pour Claire Petit : mot de passe incorrect',
    );
    const blocked = createEntry('auth.sign_in_failed', { reason: 'too_many_attempts', scope: 'account' });
    expect(normalizeSpaces(buildAuditSentence(blocked, context()))).toBe(
      'Connexion de Claire Petit bloquée : trop de tentatives',
    );
  });

  it('names someone without a profile and keeps an unknown action readable', () => {
    const entry = createEntry('billing.plan_changed', {}, { actor_id: null, actor_name: null });
    expect(normalizeSpaces(buildAuditSentence(entry, context()))).toBe('Comptoir : opération « billing.plan_changed »');
    const anonymous = createEntry('member.removed', { role: 'sales' }, { actor_name: null, subject_name: '' });
    expect(buildAuditSentence(anonymous, context())).toBe('Un utilisateur a retiré un membre de l’équipe');
  });
});
