/**
 * Two-factor authentication in the profile: status, registered devices (verified TOTP factors),
 * enrolment, removal, and the recovery guidance (GoTrue has no recovery codes — we say what
 * actually exists). Removing a verified factor, or adding a second one, needs an aal2 session:
 * the user confirms with a current code first.
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Button, Dialog, LoadingState, SelectField, useOnlineStatus } from '@web/ui/index.ts';
import { LOCALE_BY_LANGUAGE, useLanguage, useTranslateError } from '@web/i18n/index.ts';
import type { TotpFactor } from '@web/lib/supabase/index.ts';
import { assuranceQuery, invalidateMfaState, removeTotpMutation, totpFactorsQuery } from '../queries.ts';
import { findTotpCodeProblem, normaliseTotpCode } from '../internal/totp-code.ts';
import { MfaEnrolment } from './mfa-enrolment.tsx';
import { StepUpDialog } from './step-up-dialog.tsx';
import { TotpCodeField } from './totp-code-field.tsx';

function RemoveFactorDialog({
  factor,
  verifiedFactors,
  needsCode,
  onRemoved,
  onClose,
}: {
  readonly factor: TotpFactor;
  readonly verifiedFactors: readonly TotpFactor[];
  readonly needsCode: boolean;
  readonly onRemoved: () => void;
  readonly onClose: () => void;
}) {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const queryClient = useQueryClient();
  const remove = useMutation({
    ...removeTotpMutation,
    onSuccess: () => {
      void invalidateMfaState(queryClient);
      onRemoved();
    },
  });
  // A removed device is often a lost one: confirm with another device's code when there is one.
  const [codeFactorId, setCodeFactorId] = useState(
    () => verifiedFactors.find((candidate) => candidate.id !== factor.id)?.id ?? factor.id,
  );
  const [code, setCode] = useState('');
  const [codeProblem, setCodeProblem] = useState<ReturnType<typeof findTotpCodeProblem>>();
  const codeRef = useRef<HTMLInputElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const name = factor.friendly_name || t('account.mfa.unnamedDevice');
  const isLastDevice = verifiedFactors.length === 1;

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (remove.isPending) return;
    if (!needsCode) {
      remove.mutate({ factorId: factor.id });
      return;
    }
    const problem = findTotpCodeProblem(code);
    setCodeProblem(problem);
    const digits = normaliseTotpCode(code);
    if (problem || !digits) {
      codeRef.current?.focus();
      return;
    }
    // Step up with the chosen device, then remove (removeTotpMutation verifies first).
    remove.mutate(
      codeFactorId === factor.id
        ? { factorId: factor.id, code: digits }
        : { factorId: factor.id, code: digits, verifyWithFactorId: codeFactorId },
    );
  };

  return (
    <Dialog
      title={t('account.mfa.removeDialog.title')}
      description={
        <>
          <p>{t('account.mfa.removeDialog.body', { name })}</p>
          {isLastDevice ? <p>{t('account.mfa.removeDialog.lastDevice')}</p> : null}
        </>
      }
      onClose={onClose}
      initialFocusRef={needsCode ? codeRef : cancelRef}
    >
      <form className="form" noValidate onSubmit={handleSubmit}>
        {remove.isError ? <Alert tone="error">{translateError(remove.error)}</Alert> : null}
        {needsCode ? (
          <>
            <p>{t('account.mfa.removeDialog.needsCode')}</p>
            {verifiedFactors.length > 1 ? (
              <SelectField
                label={t('account.stepUp.deviceLabel')}
                value={codeFactorId}
                options={verifiedFactors.map((candidate) => ({
                  value: candidate.id,
                  label: candidate.friendly_name || t('account.mfa.unnamedDevice'),
                }))}
                onChange={(event) => setCodeFactorId(event.target.value)}
              />
            ) : null}
            <TotpCodeField
              ref={codeRef}
              value={code}
              error={codeProblem ? t(codeProblem) : undefined}
              onChange={(value) => {
                setCode(value);
                setCodeProblem(undefined);
              }}
            />
          </>
        ) : null}
        <div className="dialog__footer">
          <Button ref={cancelRef} variant="secondary" onClick={onClose}>
            {t('account.mfa.removeDialog.cancel')}
          </Button>
          <Button type="submit" variant="danger" isBusy={remove.isPending}>
            {remove.isPending ? t('account.mfa.removeDialog.removing') : t('account.mfa.removeDialog.confirm')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

type Notice = 'enrolled' | 'removed' | undefined;

export function MfaSettings({
  userId,
  isSessionConfirmed,
}: {
  readonly userId: string;
  readonly isSessionConfirmed: boolean;
}) {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const language = useLanguage();
  const isOnline = useOnlineStatus();
  const factors = useQuery(totpFactorsQuery(userId, isSessionConfirmed));
  const levels = useQuery(assuranceQuery(userId, isSessionConfirmed));
  const [isEnrolling, setIsEnrolling] = useState(false);
  const [isConfirmingToAdd, setIsConfirmingToAdd] = useState(false);
  const [removing, setRemoving] = useState<TotpFactor>();
  const [notice, setNotice] = useState<Notice>();
  const titleId = useId();

  const verified = (factors.data ?? []).filter((factor) => factor.status === 'verified');
  const isAal2 = levels.data?.current === 'aal2';
  const dateFormat = new Intl.DateTimeFormat(LOCALE_BY_LANGUAGE[language], { dateStyle: 'long' });

  const startEnrolment = () => {
    setNotice(undefined);
    // GoTrue needs aal2 to add a second factor: confirm with the current one first.
    if (verified.length > 0 && !isAal2) setIsConfirmingToAdd(true);
    else setIsEnrolling(true);
  };

  let content;
  if (factors.data) {
    content = (
      <>
        <p className="badge-row">
          <Badge tone={verified.length > 0 ? 'success' : 'neutral'}>
            {verified.length > 0 ? t('account.mfa.statusOn') : t('account.mfa.statusOff')}
          </Badge>
        </p>
        {notice === 'enrolled' ? <Alert tone="success">{t('account.mfa.enrol.success')}</Alert> : null}
        {notice === 'removed' ? <Alert tone="success">{t('account.mfa.removeDialog.removed')}</Alert> : null}
        {verified.length > 0 ? (
          <div className="mfa-devices">
            <h4>{t('account.mfa.devicesLabel')}</h4>
            <ul className="item-list">
              {verified.map((factor) => {
                const name = factor.friendly_name || t('account.mfa.unnamedDevice');
                return (
                  <li key={factor.id} className="item-list__item">
                    <div className="item-list__main">
                      <span className="item-list__title">{name}</span>
                      <span className="item-list__meta">
                        {t('account.mfa.deviceAdded', { date: dateFormat.format(new Date(factor.created_at)) })}
                      </span>
                    </div>
                    <div className="item-list__actions">
                      <Button
                        size="small"
                        variant="secondary"
                        aria-label={t('account.mfa.removeLabel', { name })}
                        onClick={() => {
                          setNotice(undefined);
                          setRemoving(factor);
                        }}
                      >
                        {t('account.mfa.remove')}
                      </Button>
                    </div>
                  </li>
                );
              })}
            </ul>
          </div>
        ) : null}
        {isEnrolling ? (
          <MfaEnrolment
            onDone={() => {
              setIsEnrolling(false);
              setNotice('enrolled');
            }}
            onCancel={() => setIsEnrolling(false)}
          />
        ) : (
          <div className="form-actions">
            <Button variant={verified.length > 0 ? 'secondary' : 'primary'} onClick={startEnrolment}>
              {verified.length > 0 ? t('account.mfa.addAnother') : t('account.mfa.add')}
            </Button>
          </div>
        )}
      </>
    );
  } else if (!isOnline) {
    content = <Alert tone="info">{t('account.mfa.offline')}</Alert>;
  } else if (factors.isError) {
    content = (
      <Alert
        tone="error"
        title={t('account.mfa.loadFailed')}
        actions={
          <Button size="small" variant="secondary" onClick={() => void factors.refetch()}>
            {t('account.profile.retry')}
          </Button>
        }
      >
        {translateError(factors.error)}
      </Alert>
    );
  } else {
    content = <LoadingState label={t('account.stepUp.loading')} />;
  }

  return (
    <section className="account-subsection" aria-labelledby={titleId}>
      <h3 id={titleId} className="account-subsection__title">
        {t('account.mfa.title')}
      </h3>
      <p className="card__subtitle">{t('account.mfa.intro')}</p>
      {content}
      <div className="mfa-recovery">
        <h4>{t('account.mfa.recovery.title')}</h4>
        <p>{t('account.mfa.recovery.keepKey')}</p>
        <p>{t('account.mfa.recovery.secondDevice')}</p>
        <p>{t('account.mfa.recovery.lostDevice')}</p>
      </div>
      {removing ? (
        <RemoveFactorDialog
          factor={removing}
          verifiedFactors={verified}
          needsCode={!isAal2}
          onRemoved={() => {
            setRemoving(undefined);
            setNotice('removed');
          }}
          onClose={() => setRemoving(undefined)}
        />
      ) : null}
      {isConfirmingToAdd ? (
        <StepUpDialog
          userId={userId}
          reason="action"
          description={t('account.mfa.enrol.needsCode')}
          onVerified={() => {
            setIsConfirmingToAdd(false);
            setIsEnrolling(true);
          }}
          onClose={() => setIsConfirmingToAdd(false)}
        />
      ) : null}
    </section>
  );
}
