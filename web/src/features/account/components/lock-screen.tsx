/**
 * The inactivity lock: an opaque full-screen dialog over the app (which stays mounted, inert,
 * with its unsaved work). Unlock:
 *   - online: the account's password, verified by signing in again with the same email through
 *     the protected sign-in (failure limits apply);
 *   - online, without a password (magic-link or Google users, or a password locked by too many
 *     failures): a sign-in link by email, coming back to this page. Opening it signs this user
 *     in again, and that newer session unlocks every tab (internal/inactivity-lock.ts);
 *   - offline (or when the server does not answer): the PIN set on this device, checked locally.
 *     5 wrong PINs disable it until the next online unlock.
 * "Not you? Sign out" ends the session (which also clears the lock), offline too.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useLocation } from 'react-router';
import { Trans, useTranslation } from 'react-i18next';
import { isAppError } from '@shared/errors/app-error.ts';
import {
  Alert,
  Button,
  LanguageSwitch,
  PasswordField,
  ScreenOverlay,
  TextField,
  useOnlineStatus,
} from '@web/ui/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import type { SessionUser } from '@web/lib/supabase/index.ts';
import { magicLinkMutation } from '@web/features/auth/index.ts';
import { signOutFromLockMutation, unlockWithPasswordMutation } from '../queries.ts';
import { checkDevicePin, findPinProblem, resetDevicePinFailures } from '../internal/device-pin.ts';
import { unlockApp, type LockReason } from '../internal/inactivity-lock.ts';
import { useDevicePinStatus } from '../hooks/use-device-pin-status.ts';

export type LockScreenProps = {
  readonly user: SessionUser;
  readonly timeoutMinutes: number;
  readonly reason: LockReason;
};

/** No usable answer from the server (offline, tunnel, server down), as opposed to a refusal. */
function isNoAnswer(error: unknown): boolean {
  return isAppError(error) && error.code === 'UNAVAILABLE';
}

type PinFeedback =
  | { readonly kind: 'wrong'; readonly remainingAttempts: number }
  | { readonly kind: 'problem'; readonly key: 'account.pin.digits' }
  | undefined;

function PinUnlockForm({ userId, notice }: { readonly userId: string; readonly notice: string }) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const [isChecking, setIsChecking] = useState(false);
  const [feedback, setFeedback] = useState<PinFeedback>();
  const pinRef = useRef<HTMLInputElement>(null);

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (isChecking) return;
    if (findPinProblem(pin)) {
      setFeedback({ kind: 'problem', key: 'account.pin.digits' });
      pinRef.current?.focus();
      return;
    }
    setIsChecking(true);
    const check = await checkDevicePin(userId, pin);
    setIsChecking(false);
    if (check.result === 'unlocked') {
      unlockApp(userId);
      return;
    }
    if (check.result === 'wrong') {
      setFeedback({ kind: 'wrong', remainingAttempts: check.remainingAttempts });
      pinRef.current?.select();
      return;
    }
    // Blocked (or removed in another tab): the status hook re-renders without this form.
    setFeedback(undefined);
  };

  return (
    <form className="form" noValidate onSubmit={(event) => void handleSubmit(event)}>
      <Alert tone="info">{notice}</Alert>
      {feedback?.kind === 'wrong' ? (
        <Alert tone="error">{t('account.lock.pinWrong', { count: feedback.remainingAttempts })}</Alert>
      ) : null}
      <TextField
        ref={pinRef}
        label={t('account.lock.pin')}
        type="password"
        name="device-pin"
        inputMode="numeric"
        autoComplete="off"
        maxLength={8}
        value={pin}
        error={feedback?.kind === 'problem' ? t(feedback.key) : undefined}
        onChange={(event) => {
          setPin(event.target.value);
          if (feedback?.kind === 'problem') setFeedback(undefined);
        }}
      />
      <Button type="submit" isBlock isBusy={isChecking}>
        {isChecking ? t('account.lock.unlocking') : t('account.lock.unlock')}
      </Button>
    </form>
  );
}

function PasswordUnlockForm({ user, onNoAnswer }: { readonly user: SessionUser; readonly onNoAnswer: () => void }) {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const [password, setPassword] = useState('');
  const [passwordProblem, setPasswordProblem] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const email = user.email ?? '';
  const unlock = useMutation({
    ...unlockWithPasswordMutation,
    onSuccess: () => {
      // Proven online: the PIN works again. (The new session would unlock by itself too.)
      resetDevicePinFailures(user.id);
      unlockApp(user.id);
    },
    onError: (error) => {
      if (isNoAnswer(error)) onNoAnswer();
      passwordRef.current?.focus();
    },
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (unlock.isPending) return;
    if (!password) {
      setPasswordProblem(true);
      passwordRef.current?.focus();
      return;
    }
    unlock.mutate({ email, password });
  };

  return (
    <form className="form" noValidate onSubmit={handleSubmit}>
      {unlock.isError ? <Alert tone="error">{translateError(unlock.error)}</Alert> : null}
      {/* For password managers: which account this password belongs to. */}
      <input
        type="email"
        name="email"
        autoComplete="username"
        value={email}
        readOnly
        hidden
        aria-hidden="true"
        tabIndex={-1}
      />
      <PasswordField
        ref={passwordRef}
        label={t('account.lock.password')}
        name="password"
        autoComplete="current-password"
        value={password}
        error={passwordProblem ? t('auth.validation.passwordRequired') : undefined}
        onChange={(event) => {
          setPassword(event.target.value);
          setPasswordProblem(false);
        }}
      />
      <Button type="submit" isBlock isBusy={unlock.isPending}>
        {unlock.isPending ? t('account.lock.unlocking') : t('account.lock.unlock')}
      </Button>
    </form>
  );
}

/**
 * "Receive a sign-in link by email": for people without a password, or whose password is locked
 * after too many failures. The link comes back to the page under the lock.
 */
function EmailLinkUnlock({ email }: { readonly email: string }) {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const location = useLocation();
  const link = useMutation(magicLinkMutation);
  const nextPath = `${location.pathname}${location.search}${location.hash}`;

  return (
    <div className="form">
      <p className="lock-screen__separator" aria-hidden="true">
        <span>{t('account.lock.or')}</span>
      </p>
      {link.isError ? <Alert tone="error">{translateError(link.error)}</Alert> : null}
      {link.isSuccess ? (
        <Alert tone="success">
          <Trans i18nKey="account.lock.linkSent" values={{ email }} components={{ strong: <strong /> }} />
        </Alert>
      ) : null}
      <Button
        variant="secondary"
        isBlock
        isBusy={link.isPending}
        onClick={() => {
          if (!link.isPending) link.mutate({ email, nextPath });
        }}
      >
        {link.isPending
          ? t('account.lock.sendingLink')
          : link.isSuccess
            ? t('account.lock.sendLinkAgain')
            : t('account.lock.sendLink')}
      </Button>
    </div>
  );
}

export function LockScreen({ user, timeoutMinutes, reason }: LockScreenProps) {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const isOnline = useOnlineStatus();
  const pinStatus = useDevicePinStatus(user.id);
  const [hasNoAnswer, setHasNoAnswer] = useState(false);
  const [prefersPassword, setPrefersPassword] = useState(false);
  const signOut = useMutation(signOutFromLockMutation);
  const bodyRef = useRef<HTMLDivElement>(null);
  const previousMode = useRef<string | undefined>(undefined);

  const isPinUsable = pinStatus.isSet && !pinStatus.isBlocked;
  // The PIN is the offline way in; online, the server checks the password.
  const canUsePin = isPinUsable && (!isOnline || hasNoAnswer);
  const isPinShown = canUsePin && !(isOnline && prefersPassword);

  const mode = isPinShown ? 'pin' : isOnline ? 'password' : 'offline';
  useEffect(() => {
    // Switching between password and PIN (network lost or back) must not leave focus on nothing.
    if (previousMode.current !== undefined && previousMode.current !== mode) {
      bodyRef.current?.querySelector<HTMLElement>('input:not([hidden]), button')?.focus();
    }
    previousMode.current = mode;
  }, [mode]);

  let body;
  if (isPinShown) {
    body = (
      <>
        <PinUnlockForm
          userId={user.id}
          notice={isOnline ? t('account.lock.networkPin') : t('account.lock.offlinePin')}
        />
        {isOnline ? (
          <Button variant="ghost" isBlock onClick={() => setPrefersPassword(true)}>
            {t('account.lock.usePassword')}
          </Button>
        ) : null}
      </>
    );
  } else if (!isOnline) {
    body = (
      <Alert tone="warning">
        {pinStatus.isSet && pinStatus.isBlocked ? t('account.lock.pinBlocked') : t('account.lock.offlineNoPin')}
      </Alert>
    );
  } else {
    body = (
      <>
        {pinStatus.isSet && pinStatus.isBlocked ? <Alert tone="warning">{t('account.lock.pinBlocked')}</Alert> : null}
        <PasswordUnlockForm user={user} onNoAnswer={() => setHasNoAnswer(true)} />
        {canUsePin ? (
          <Button variant="ghost" isBlock onClick={() => setPrefersPassword(false)}>
            {t('account.lock.usePin')}
          </Button>
        ) : null}
        {user.email ? <EmailLinkUnlock email={user.email} /> : null}
      </>
    );
  }

  return (
    <ScreenOverlay
      title={t('account.lock.title')}
      description={
        <>
          <p>
            {reason === 'manual' ? t('account.lock.manualReason') : t('account.lock.reason', { count: timeoutMinutes })}
          </p>
          {user.email ? (
            <p>
              <Trans
                i18nKey="account.lock.signedInAs"
                values={{ email: user.email }}
                components={{ strong: <strong /> }}
              />
            </p>
          ) : null}
        </>
      }
      corner={<LanguageSwitch />}
      footer={
        <>
          <p>
            {t('account.lock.notYou')}{' '}
            <Button variant="ghost" size="small" isBusy={signOut.isPending} onClick={() => signOut.mutate()}>
              {signOut.isPending ? t('account.lock.signingOut') : t('account.lock.signOut')}
            </Button>
          </p>
          {signOut.isError ? <Alert tone="error">{translateError(signOut.error)}</Alert> : null}
        </>
      }
    >
      <div ref={bodyRef} className="form">
        {body}
      </div>
    </ScreenOverlay>
  );
}
