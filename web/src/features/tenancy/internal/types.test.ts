import { describe, expect, it } from 'vitest';
import { tenantSummarySchema } from './types.ts';

const ROW = {
  id: '019a8f00-1000-7000-8000-000000000001',
  name: 'Garage du Centre',
  vertical: 'garage',
  plan: 'pro',
  locale: 'fr-FR',
  time_zone: 'Europe/Paris',
  session_timeout_minutes: 30,
  mfa_required_for_admins: false,
  logo_path: null,
  created_at: '2026-11-21T10:00:00+00:00',
};

describe('tenantSummarySchema', () => {
  it('accepts the support pseudo-role an operator gets under a support-access grant', () => {
    expect(tenantSummarySchema.parse({ ...ROW, role: 'support' }).role).toBe('support');
    expect(tenantSummarySchema.parse({ ...ROW, role: 'owner' }).role).toBe('owner');
  });

  it('refuses a role that does not exist', () => {
    expect(tenantSummarySchema.safeParse({ ...ROW, role: 'superuser' }).success).toBe(false);
  });
});
