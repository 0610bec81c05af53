/**
 * Onboarding step 3 — invite the team: several emails with a role each, sent through the
 * `invitations` edge function. A row that went out is marked and never sent twice; a refused
 * row keeps its address and shows why. Skippable.
 */
import { useRef, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { listGrantableRoles, type TenantRole } from '@shared/permissions/roles.ts';
import { createUuidV7 } from '@shared/ids/uuidv7.ts';
import { Alert, Badge, Button, CheckIcon, PlusIcon, SelectField, TextField, TrashIcon } from '@web/ui/index.ts';
import { findInviteEmailProblem, normalizeEmail } from '@web/features/tenancy/internal/email.ts';
import { useTranslateInvitationError } from '@web/features/tenancy/internal/invitation-error.ts';
import { ROLE_LABEL_KEY } from '@web/features/tenancy/internal/labels.ts';
import { sendInvitation } from '@web/features/tenancy/mutations.ts';
import { tenancyKeys } from '@web/features/tenancy/queries.ts';
import type { InviteDraft } from '@web/features/tenancy/store.ts';

export const DEFAULT_INVITE_ROLE: TenantRole = 'member';

export function createInviteRow(): InviteDraft {
  return { key: createUuidV7(), email: '', role: DEFAULT_INVITE_ROLE, sentAt: null };
}

export type TeamStepProps = {
  readonly tenantId: string;
  readonly tenantName: string;
  readonly userId: string;
  readonly invites: readonly InviteDraft[];
  readonly onInvitesChange: (update: (invites: readonly InviteDraft[]) => readonly InviteDraft[]) => void;
  readonly onBack: () => void;
  readonly onNext: () => void;
  readonly headingRef: RefObject<HTMLHeadingElement | null>;
};

export function TeamStep({
  tenantId,
  tenantName,
  userId,
  invites,
  onInvitesChange,
  onBack,
  onNext,
  headingRef,
}: TeamStepProps) {
  const { t } = useTranslation();
  const translateError = useTranslateInvitationError();
  const queryClient = useQueryClient();
  const [failures, setFailures] = useState<Readonly<Record<string, unknown>>>({});
  const [hasTriedSend, setHasTriedSend] = useState(false);
  const [isSending, setIsSending] = useState(false);
  const emailRefs = useRef<Record<string, HTMLInputElement | null>>({});
  // The creator is the owner: every role may be granted.
  const roleOptions = listGrantableRoles('owner').map((role) => ({ value: role, label: t(ROLE_LABEL_KEY[role]) }));

  const rows = invites;
  const pending = rows.filter((row) => row.sentAt === null && row.email.trim() !== '');
  const sentCount = rows.filter((row) => row.sentAt !== null).length;

  const problemOf = (row: InviteDraft) => {
    if (row.sentAt !== null) return undefined;
    const problem = findInviteEmailProblem(row.email);
    if (problem) return problem;
    const email = normalizeEmail(row.email);
    const isDuplicate = rows.some((other) => other.key !== row.key && normalizeEmail(other.email) === email);
    return isDuplicate ? ('tenancy.onboarding.team.duplicate' as const) : undefined;
  };

  const updateRow = (key: string, patch: Partial<InviteDraft>) => {
    onInvitesChange((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));
    setFailures((previous) => {
      if (!(key in previous)) return previous;
      const next = { ...previous };
      delete next[key];
      return next;
    });
  };

  const removeRow = (key: string) => onInvitesChange((current) => current.filter((row) => row.key !== key));

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (isSending) return;
    if (pending.length === 0) {
      onNext();
      return;
    }
    setHasTriedSend(true);
    const invalid = pending.find((row) => problemOf(row) !== undefined);
    if (invalid) {
      emailRefs.current[invalid.key]?.focus();
      return;
    }
    setIsSending(true);
    const results = await Promise.allSettled(
      pending.map((row) => sendInvitation({ tenantId, email: normalizeEmail(row.email), role: row.role })),
    );
    setIsSending(false);
    const nextFailures: Record<string, unknown> = {};
    const sentKeys = new Set<string>();
    results.forEach((result, index) => {
      const row = pending[index];
      if (!row) return;
      if (result.status === 'fulfilled') sentKeys.add(row.key);
      else nextFailures[row.key] = result.reason;
    });
    const now = new Date().toISOString();
    onInvitesChange((current) => current.map((row) => (sentKeys.has(row.key) ? { ...row, sentAt: now } : row)));
    setFailures(nextFailures);
    void queryClient.invalidateQueries({ queryKey: [...tenancyKeys.tenant(userId, tenantId), 'invitations'] });
    const firstFailed = pending.find((row) => row.key in nextFailures);
    if (firstFailed) emailRefs.current[firstFailed.key]?.focus();
  };

  const hasFailures = Object.keys(failures).length > 0;
  const isAllSent = rows.length > 0 && pending.length === 0 && sentCount > 0;

  return (
    <form className="form" noValidate onSubmit={(event) => void handleSubmit(event)}>
      <div className="card__header">
        <h2 ref={headingRef} tabIndex={-1}>
          {t('tenancy.onboarding.team.title')}
        </h2>
        <p className="card__subtitle">{t('tenancy.onboarding.team.intro', { tenant: tenantName })}</p>
      </div>
      <div role="status">
        {isAllSent && !hasFailures ? <Alert tone="success">{t('tenancy.onboarding.team.allSent')}</Alert> : null}
      </div>
      {hasFailures ? <Alert tone="error">{t('tenancy.onboarding.team.someFailed')}</Alert> : null}
      {rows.length === 0 ? <p className="card__subtitle">{t('tenancy.onboarding.team.empty')}</p> : null}
      <ul className="invite-rows">
        {rows.map((row, index) => {
          const problem = problemOf(row);
          const isSent = row.sentAt !== null;
          const failure = failures[row.key];
          // Format problems wait for "send"; a duplicate is pointed out at once.
          const showProblem =
            problem !== undefined && (hasTriedSend || problem === 'tenancy.onboarding.team.duplicate');
          return (
            <li key={row.key} className="invite-row">
              <TextField
                ref={(element) => {
                  emailRefs.current[row.key] = element;
                }}
                label={`${t('tenancy.onboarding.team.email')} ${index + 1}`}
                type="email"
                inputMode="email"
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                readOnly={isSent}
                value={row.email}
                error={showProblem ? t(problem) : failure !== undefined ? translateError(failure) : undefined}
                onChange={(event) => updateRow(row.key, { email: event.target.value })}
              />
              <SelectField
                label={`${t('tenancy.onboarding.team.role')} ${index + 1}`}
                disabled={isSent}
                value={row.role}
                options={roleOptions}
                onChange={(event) => {
                  const role = roleOptions.find((option) => option.value === event.target.value)?.value;
                  if (role) updateRow(row.key, { role });
                }}
              />
              {isSent ? (
                <p className="invite-row__status">
                  <Badge tone="success">
                    <CheckIcon />
                    {t('tenancy.onboarding.team.sent')}
                  </Badge>
                </p>
              ) : (
                <Button
                  variant="ghost"
                  size="small"
                  className="invite-row__remove"
                  aria-label={`${t('tenancy.onboarding.team.removeRow')} ${index + 1}`}
                  onClick={() => removeRow(row.key)}
                >
                  <TrashIcon className="button__icon" />
                </Button>
              )}
            </li>
          );
        })}
      </ul>
      <div>
        <Button
          variant="secondary"
          size="small"
          onClick={() => {
            const row = createInviteRow();
            onInvitesChange((current) => [...current, row]);
            // Focus the new address once it is rendered.
            window.setTimeout(() => emailRefs.current[row.key]?.focus(), 0);
          }}
        >
          <PlusIcon className="button__icon" />
          {t('tenancy.onboarding.team.addRow')}
        </Button>
      </div>
      <div className="form-actions">
        <Button variant="secondary" onClick={onBack}>
          {t('tenancy.onboarding.back')}
        </Button>
        <div className="form-actions__end">
          <Button variant="ghost" onClick={onNext}>
            {t('tenancy.onboarding.skip')}
          </Button>
          <Button type="submit" isBusy={isSending}>
            {isSending
              ? t('tenancy.onboarding.team.sending')
              : pending.length > 0
                ? t('tenancy.onboarding.team.send')
                : t('tenancy.onboarding.next')}
          </Button>
        </div>
      </div>
    </form>
  );
}
