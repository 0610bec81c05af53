/**
 * MFA step-up: asks for a code from the user's authenticator app; challenge + verify turn the
 * session into aal2, after which sensitive changes go through. Opened when the database refused
 * an action with `mfa_required` (the user is then told to retry it: we do not replay writes on
 * their behalf), or after sign-in when the tenant requires MFA for owners/admins. A user without
 * any factor is told so and sent to the profile to enrol.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert, AppLink, Button, Dialog, LoadingState, SelectField } from '@web/ui/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { ACCOUNT_PATHS } from '../paths.ts';
import { invalidateMfaState, totpFactorsQuery, verifyTotpMutation } from '../queries.ts';
import { findTotpCodeProblem, normaliseTotpCode } from '../internal/totp-code.ts';
import { TotpCodeField } from './totp-code-field.tsx';

export type StepUpReason = 'action' | 'sign-in';

export type StepUpDialogProps = {
  readonly userId: string;
  readonly reason: StepUpReason;
  /** Named in the sign-in prompt ("Garage du Centre requires…"). */
  readonly tenantName?: string | undefined;
  /** Replaces the explanation (e.g. "to add a device, confirm with your current one"). */
  readonly description?: string | undefined;
  /** Called once the code is verified, instead of showing the success message. */
  readonly onVerified?: (() => void) | undefined;
  readonly onClose: () => void;
};

export function StepUpDialog({ userId, reason, tenantName, description, onVerified, onClose }: StepUpDialogProps) {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const queryClient = useQueryClient();
  const factors = useQuery(totpFactorsQuery(userId, true));
  const verify = useMutation({
    ...verifyTotpMutation,
    onSuccess: () => {
      void invalidateMfaState(queryClient);
      onVerified?.();
    },
  });
  const [code, setCode] = useState('');
  const [codeProblem, setCodeProblem] = useState<ReturnType<typeof findTotpCodeProblem>>();
  const [chosenFactorId, setChosenFactorId] = useState<string>();
  const codeRef = useRef<HTMLInputElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);

  const verified = (factors.data ?? []).filter((factor) => factor.status === 'verified');
  const factorId = chosenFactorId ?? verified[0]?.id;

  if (verify.isSuccess && !onVerified) {
    return (
      <Dialog
        key="success"
        title={t('account.stepUp.title')}
        onClose={onClose}
        initialFocusRef={closeRef}
        footer={
          <Button ref={closeRef} onClick={onClose}>
            {t('account.stepUp.continue')}
          </Button>
        }
      >
        <Alert tone="success">
          {reason === 'action' ? t('account.stepUp.retryAction') : t('account.stepUp.verified')}
        </Alert>
      </Dialog>
    );
  }

  if (factors.isPending) {
    return (
      <Dialog key="pending" title={t('account.stepUp.title')} onClose={onClose}>
        <LoadingState label={t('account.stepUp.loading')} />
      </Dialog>
    );
  }

  if (factors.isError) {
    return (
      <Dialog
        key="error"
        title={t('account.stepUp.title')}
        onClose={onClose}
        footer={
          <>
            <Button variant="secondary" onClick={onClose}>
              {t('account.stepUp.cancel')}
            </Button>
            <Button onClick={() => void factors.refetch()}>{t('account.profile.retry')}</Button>
          </>
        }
      >
        <Alert tone="error">{translateError(factors.error)}</Alert>
      </Dialog>
    );
  }

  if (!factorId) {
    return (
      <Dialog
        key="no-factor"
        title={t('account.stepUp.noFactorTitle')}
        description={t('account.stepUp.noFactorBody')}
        onClose={onClose}
        footer={
          <>
            <Button variant="secondary" onClick={onClose}>
              {t('account.stepUp.later')}
            </Button>
            {/* The link closes the dialog: the profile page opens on the enrolment. */}
            <span onClickCapture={onClose}>
              <AppLink to={`${ACCOUNT_PATHS.profile}#${ACCOUNT_PATHS.securityAnchor}`} asButton="primary" isBlock>
                {t('account.stepUp.enrol')}
              </AppLink>
            </span>
          </>
        }
      />
    );
  }

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (verify.isPending) return;
    const problem = findTotpCodeProblem(code);
    setCodeProblem(problem);
    const digits = normaliseTotpCode(code);
    if (problem || !digits) {
      codeRef.current?.focus();
      return;
    }
    verify.mutate({ factorId, code: digits });
  };

  return (
    <Dialog
      key="form"
      title={t('account.stepUp.title')}
      description={
        description ??
        (reason === 'action'
          ? t('account.stepUp.actionBody')
          : t('account.stepUp.signInBody', { tenant: tenantName ?? t('app.name') }))
      }
      onClose={onClose}
      initialFocusRef={codeRef}
    >
      <form className="form" noValidate onSubmit={handleSubmit}>
        {verify.isError ? <Alert tone="error">{translateError(verify.error)}</Alert> : null}
        {verified.length > 1 ? (
          <SelectField
            label={t('account.stepUp.deviceLabel')}
            value={factorId}
            options={verified.map((factor) => ({
              value: factor.id,
              label: factor.friendly_name || t('account.mfa.unnamedDevice'),
            }))}
            onChange={(event) => setChosenFactorId(event.target.value)}
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
        <div className="dialog__footer">
          <Button variant="secondary" onClick={onClose}>
            {reason === 'sign-in' ? t('account.stepUp.later') : t('account.stepUp.cancel')}
          </Button>
          <Button type="submit" isBusy={verify.isPending}>
            {verify.isPending ? t('account.stepUp.submitting') : t('account.stepUp.submit')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
