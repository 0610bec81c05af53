/**
 * TOTP enrolment, inline in the security section: name the device, scan the QR code (or type
 * the setup key, with a copy button, for people who cannot scan), then verify a first code.
 * Cancelling removes the half-made factor. The recovery guidance sits next to it (mfa-settings).
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert, Button, TextField } from '@web/ui/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import {
  completeTotpEnrolmentMutation,
  enrolTotpMutation,
  invalidateMfaState,
  removeTotpMutation,
} from '../queries.ts';
import { findTotpCodeProblem, normaliseTotpCode } from '../internal/totp-code.ts';
import { TotpCodeField } from './totp-code-field.tsx';

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP": easier to read out and type. */
function groupSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}

type CopyState = 'idle' | 'copied' | 'failed';

export type MfaEnrolmentProps = {
  readonly onDone: () => void;
  readonly onCancel: () => void;
};

export function MfaEnrolment({ onDone, onCancel }: MfaEnrolmentProps) {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const queryClient = useQueryClient();
  const enrol = useMutation(enrolTotpMutation);
  const verify = useMutation({
    ...completeTotpEnrolmentMutation,
    onSuccess: () => {
      void invalidateMfaState(queryClient);
      onDone();
    },
  });
  const cancel = useMutation({ ...removeTotpMutation, onSettled: onCancel });
  const [name, setName] = useState(() => t('account.mfa.enrol.defaultName'));
  const [code, setCode] = useState('');
  const [codeProblem, setCodeProblem] = useState<ReturnType<typeof findTotpCodeProblem>>();
  const [copyState, setCopyState] = useState<CopyState>('idle');
  const nameRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const secretRef = useRef<HTMLInputElement>(null);
  const enrolment = enrol.data;

  useEffect(() => {
    // Each step starts on its field.
    (enrolment ? codeRef : nameRef).current?.focus();
  }, [enrolment]);

  const handleStart = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (enrol.isPending) return;
    enrol.mutate(name.trim() || t('account.mfa.enrol.defaultName'));
  };

  const handleVerify = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!enrolment || verify.isPending) return;
    const problem = findTotpCodeProblem(code);
    setCodeProblem(problem);
    const digits = normaliseTotpCode(code);
    if (problem || !digits) {
      codeRef.current?.focus();
      return;
    }
    verify.mutate({ factorId: enrolment.factorId, code: digits });
  };

  const handleCancel = () => {
    // The unverified factor is useless; remove it now rather than leave it to expire.
    if (enrolment) cancel.mutate({ factorId: enrolment.factorId });
    else onCancel();
  };

  const handleCopy = async () => {
    if (!enrolment) return;
    try {
      await navigator.clipboard.writeText(enrolment.secret);
      setCopyState('copied');
    } catch {
      setCopyState('failed');
      // Select the key so a long press / Ctrl+C copies it.
      secretRef.current?.focus();
      secretRef.current?.select();
    }
  };

  if (!enrolment) {
    return (
      <form className="form mfa-enrolment" noValidate onSubmit={handleStart}>
        <h4>{t('account.mfa.enrol.title')}</h4>
        {enrol.isError ? <Alert tone="error">{translateError(enrol.error)}</Alert> : null}
        <TextField
          ref={nameRef}
          label={t('account.mfa.enrol.nameLabel')}
          hint={t('account.mfa.enrol.nameHint')}
          name="factor-name"
          autoComplete="off"
          maxLength={60}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <div className="form-actions">
          <Button type="submit" isBusy={enrol.isPending}>
            {enrol.isPending ? t('account.mfa.enrol.starting') : t('account.mfa.enrol.start')}
          </Button>
          <Button variant="secondary" onClick={handleCancel}>
            {t('account.mfa.enrol.cancel')}
          </Button>
        </div>
      </form>
    );
  }

  return (
    <form className="form mfa-enrolment" noValidate onSubmit={handleVerify}>
      <h4>{t('account.mfa.enrol.title')}</h4>
      <p>{t('account.mfa.enrol.scan')}</p>
      {enrolment.qrCodeUrl ? (
        <img
          className="mfa-enrolment__qr"
          src={enrolment.qrCodeUrl}
          alt={t('account.mfa.enrol.qrAlt')}
          width={200}
          height={200}
        />
      ) : null}
      <div className="mfa-enrolment__secret">
        <p>{t('account.mfa.enrol.cannotScan')}</p>
        <div className="mfa-enrolment__secret-row">
          <TextField
            ref={secretRef}
            label={t('account.mfa.enrol.secretLabel')}
            className="mfa-enrolment__key"
            name="setup-key"
            readOnly
            autoComplete="off"
            spellCheck={false}
            value={groupSecret(enrolment.secret)}
            onFocus={(event) => event.currentTarget.select()}
          />
          <Button size="small" variant="secondary" onClick={() => void handleCopy()}>
            {t('account.mfa.enrol.copy')}
          </Button>
        </div>
        <p role="status" className="mfa-enrolment__copy-status">
          {copyState === 'copied' ? t('account.mfa.enrol.copied') : null}
          {copyState === 'failed' ? t('account.mfa.enrol.copyFailed') : null}
        </p>
      </div>
      <p>{t('account.mfa.enrol.enterCode')}</p>
      {verify.isError ? <Alert tone="error">{translateError(verify.error)}</Alert> : null}
      <TotpCodeField
        ref={codeRef}
        value={code}
        error={codeProblem ? t(codeProblem) : undefined}
        onChange={(value) => {
          setCode(value);
          setCodeProblem(undefined);
        }}
      />
      <div className="form-actions">
        <Button type="submit" isBusy={verify.isPending}>
          {verify.isPending ? t('account.mfa.enrol.verifying') : t('account.mfa.enrol.verify')}
        </Button>
        <Button variant="secondary" isBusy={cancel.isPending} onClick={handleCancel}>
          {t('account.mfa.enrol.cancel')}
        </Button>
      </div>
    </form>
  );
}
