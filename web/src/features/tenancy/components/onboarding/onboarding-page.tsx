/**
 * /demarrage — the onboarding wizard (seed 002: "5 steps, 5 minutes"): company identity,
 * vertical, team invitations, contacts import (placeholder until F3), done. A signed-in user
 * without a company is sent here by the home page; the tenant switcher also opens it to create
 * another company (`?nouvelle=1`).
 *
 * The draft lives in the tenancy store (localStorage, per user): Back/Next, a refresh or a
 * closed tab keep every answer. The tenant is created when leaving step 2, with an id
 * generated here, so retrying after a lost answer never creates it twice.
 */
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isAppError } from '@shared/errors/app-error.ts';
import { createUuidV7 } from '@shared/ids/uuidv7.ts';
import { Card, PageHeader, Stepper, usePageTitle } from '@web/ui/index.ts';
import { useSession } from '@web/features/auth/index.ts';
import { splitRegistration } from '@web/features/tenancy/internal/identity.ts';
import { TIME_ZONES, VERTICAL_LABEL_KEY } from '@web/features/tenancy/internal/labels.ts';
import type { Vertical } from '@web/features/tenancy/internal/types.ts';
import { createTenant, FAIL_FAST_OFFLINE, updateTenant, type TenantIdentity } from '@web/features/tenancy/mutations.ts';
import { myTenantsQuery, tenancyKeys } from '@web/features/tenancy/queries.ts';
import {
  ONBOARDING_STEPS,
  useOnboardingDraft,
  useOnboardingStore,
  useTenantSelection,
  type IdentityDraft,
  type OnboardingDraft,
  type OnboardingStep,
} from '@web/features/tenancy/store.ts';
import { DoneStep, ImportStep } from './final-steps.tsx';
import { IdentityStep, type IdentityField, type RefusedField } from './identity-step.tsx';
import { createInviteRow, TeamStep } from './team-step.tsx';
import { VerticalStep } from './vertical-step.tsx';

const STEP_TITLE_KEY = {
  identity: 'tenancy.onboarding.steps.identity',
  vertical: 'tenancy.onboarding.steps.vertical',
  team: 'tenancy.onboarding.steps.team',
  import: 'tenancy.onboarding.steps.import',
  done: 'tenancy.onboarding.steps.done',
} as const satisfies Record<OnboardingStep, string>;

/** The company's zone defaults to the device's when it is one we offer (e.g. La Réunion). */
function guessTimeZone(): string | undefined {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (TIME_ZONES as readonly string[]).includes(zone) ? zone : undefined;
}

/** What create_tenant / update_tenant receive from the wizard's identity. */
function buildIdentityPayload(identity: IdentityDraft): TenantIdentity {
  const { siren, siret } = splitRegistration(identity.registration);
  return {
    legal_form: identity.legal_form,
    siren,
    siret,
    vat_number: identity.vat_number,
    address_line1: identity.address_line1,
    address_line2: identity.address_line2,
    postal_code: identity.postal_code,
    city: identity.city,
  };
}

/** Which wizard field a server refusal names (details.field of invalid_input). */
function mapServerField(field: string): IdentityField | undefined {
  if (field === 'siren' || field === 'siret') return 'registration';
  if (field === 'name' || field === 'vat_number' || field === 'postal_code' || field === 'legal_form') return field;
  if (field === 'address_line1' || field === 'address_line2' || field === 'city') return field;
  return undefined;
}

export function OnboardingPage() {
  const session = useSession();
  // RequireSession renders this page only with a session.
  const userId = session.status === 'signed-in' ? session.user.id : '';
  return userId ? <OnboardingWizard userId={userId} /> : null;
}

function OnboardingWizard({ userId }: { readonly userId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [searchParams, setSearchParams] = useSearchParams();
  const draft = useOnboardingDraft(userId);
  const updateDraft = useOnboardingStore((state) => state.updateDraft);
  const clearDraft = useOnboardingStore((state) => state.clearDraft);
  const selectTenant = useTenantSelection((state) => state.selectTenant);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [refused, setRefused] = useState<RefusedField | null>(null);

  // "Create another company": a finished wizard starts afresh.
  const isNewRequested = searchParams.has('nouvelle');
  useEffect(() => {
    if (!isNewRequested) return;
    if (useOnboardingStore.getState().drafts[userId]?.isTenantCreated) clearDraft(userId);
    setSearchParams({}, { replace: true });
  }, [isNewRequested, userId, clearDraft, setSearchParams]);

  // Steps after creation need the tenant: a draft without it resumes at step 2.
  const step: OnboardingStep =
    !draft.isTenantCreated && (draft.step === 'team' || draft.step === 'import' || draft.step === 'done')
      ? 'vertical'
      : draft.step;
  const stepIndex = ONBOARDING_STEPS.indexOf(step);
  usePageTitle(t(STEP_TITLE_KEY[step]));

  // Moving between steps keeps the keyboard and screen reader at the new step's title.
  const previousStep = useRef(step);
  useEffect(() => {
    if (previousStep.current === step) return;
    previousStep.current = step;
    headingRef.current?.focus();
  }, [step]);

  const update = (change: (current: OnboardingDraft) => OnboardingDraft) => updateDraft(userId, change);
  const goTo = (next: OnboardingStep) => update((current) => ({ ...current, step: next }));

  const saveTenant = useMutation({
    ...FAIL_FAST_OFFLINE,
    mutationFn: async (current: OnboardingDraft): Promise<string> => {
      const vertical = current.vertical as Vertical;
      const identity = buildIdentityPayload(current.identity);
      if (current.isTenantCreated && current.tenantId) {
        await updateTenant(current.tenantId, { name: current.identity.name.trim(), ...identity });
        return current.tenantId;
      }
      // The id is kept before the call: a retry after a lost answer reuses it.
      const id = current.tenantId ?? createUuidV7();
      if (!current.tenantId) update((latest) => ({ ...latest, tenantId: id }));
      const timeZone = guessTimeZone();
      try {
        await createTenant({
          id,
          name: current.identity.name.trim(),
          vertical,
          identity: { ...identity, ...(timeZone ? { time_zone: timeZone } : {}) },
        });
      } catch (error) {
        // Already created by an earlier attempt whose answer was lost: that is success.
        if (isAppError(error) && error.code === 'CONFLICT') {
          const mine = await queryClient.fetchQuery({ ...myTenantsQuery(userId, true), staleTime: 0 });
          if (mine.some((tenant) => tenant.id === id)) return id;
        }
        throw error;
      }
      return id;
    },
    onSuccess: async (id) => {
      selectTenant(userId, id);
      update((latest) => ({
        ...latest,
        tenantId: id,
        isTenantCreated: true,
        step: 'team',
        invites: latest.invites.length > 0 ? latest.invites : [createInviteRow()],
      }));
      await queryClient.invalidateQueries({ queryKey: tenancyKeys.user(userId) });
    },
    onError: (error) => {
      // A refused identity field: back to step 1, the field says what is wrong.
      const serverField = isAppError(error) ? error.details?.['field'] : undefined;
      const field = typeof serverField === 'string' ? mapServerField(serverField) : undefined;
      if (field) {
        setRefused({ field, value: draft.identity[field] });
        goTo('identity');
      }
    },
  });

  const tenantName = draft.identity.name.trim();
  const verticalLabel = draft.vertical ? t(VERTICAL_LABEL_KEY[draft.vertical]) : '';

  let content;
  switch (step) {
    case 'identity':
      content = (
        <IdentityStep
          identity={draft.identity}
          refused={refused}
          headingRef={headingRef}
          onChange={(field, value) =>
            update((current) => ({ ...current, identity: { ...current.identity, [field]: value } }))
          }
          onNext={() => {
            saveTenant.reset();
            goTo('vertical');
          }}
        />
      );
      break;
    case 'vertical':
      content = (
        <VerticalStep
          vertical={draft.vertical}
          isLocked={draft.isTenantCreated}
          headingRef={headingRef}
          isSaving={saveTenant.isPending}
          error={saveTenant.error}
          onChange={(vertical) => update((current) => ({ ...current, vertical }))}
          onBack={() => goTo('identity')}
          onNext={() => saveTenant.mutate(draft)}
        />
      );
      break;
    case 'team':
      content = (
        <TeamStep
          tenantId={draft.tenantId ?? ''}
          tenantName={tenantName}
          userId={userId}
          invites={draft.invites}
          headingRef={headingRef}
          onInvitesChange={(change) => update((current) => ({ ...current, invites: change(current.invites) }))}
          onBack={() => goTo('vertical')}
          onNext={() => goTo('import')}
        />
      );
      break;
    case 'import':
      content = <ImportStep headingRef={headingRef} onBack={() => goTo('team')} onNext={() => goTo('done')} />;
      break;
    case 'done':
      content = (
        <DoneStep
          headingRef={headingRef}
          tenantName={tenantName}
          verticalLabel={verticalLabel}
          sentCount={draft.invites.filter((row) => row.sentAt !== null).length}
          onFinish={() => {
            clearDraft(userId);
            void navigate('/', { replace: true });
          }}
        />
      );
      break;
  }

  return (
    <div className="wizard">
      <PageHeader title={t('tenancy.onboarding.title')} intro={t('tenancy.onboarding.intro')} />
      <Stepper
        label={t('tenancy.onboarding.progress')}
        steps={ONBOARDING_STEPS.map((name) => t(STEP_TITLE_KEY[name]))}
        currentIndex={stepIndex}
        statusText={t('tenancy.onboarding.stepOf', { current: stepIndex + 1, total: ONBOARDING_STEPS.length })}
        doneLabel={t('tenancy.onboarding.stepDone')}
      />
      <Card>{content}</Card>
    </div>
  );
}
