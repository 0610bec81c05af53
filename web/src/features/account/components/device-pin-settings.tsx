/**
 * This device's PIN (offline unlock): set, change or remove it. Works offline — it never leaves
 * the device. Hashing takes a moment on purpose (PBKDF2, 600,000 iterations).
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Button, TextField } from '@web/ui/index.ts';
import {
  findPinProblem,
  isDevicePinSupported,
  removeDevicePin,
  setDevicePin,
  type PinProblem,
} from '../internal/device-pin.ts';
import { useDevicePinStatus } from '../hooks/use-device-pin-status.ts';

type Notice = 'saved' | 'removed' | undefined;

function PinForm({
  userId,
  onSaved,
  onCancel,
}: {
  readonly userId: string;
  readonly onSaved: () => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [problem, setProblem] = useState<PinProblem>();
  const [isSaving, setIsSaving] = useState(false);
  const [hasFailed, setHasFailed] = useState(false);
  const pinRef = useRef<HTMLInputElement>(null);
  const confirmationRef = useRef<HTMLInputElement>(null);

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (isSaving) return;
    const nextProblem = findPinProblem(pin, confirmation);
    setProblem(nextProblem);
    if (nextProblem) {
      (nextProblem === 'account.pin.digits' ? pinRef : confirmationRef).current?.focus();
      return;
    }
    setIsSaving(true);
    setHasFailed(false);
    try {
      await setDevicePin(userId, pin);
      onSaved();
    } catch {
      setHasFailed(true);
      setIsSaving(false);
    }
  };

  return (
    <form className="form" noValidate onSubmit={(event) => void handleSubmit(event)}>
      {hasFailed ? <Alert tone="error">{t('account.pin.unsupported')}</Alert> : null}
      <div className="form-grid form-grid--two">
        <TextField
          ref={pinRef}
          label={t('account.pin.pinLabel')}
          hint={t('account.pin.pinHint')}
          type="password"
          name="new-device-pin"
          inputMode="numeric"
          autoComplete="new-password"
          maxLength={8}
          value={pin}
          error={problem === 'account.pin.digits' ? t('account.pin.digits') : undefined}
          onChange={(event) => {
            setPin(event.target.value);
            setProblem(undefined);
          }}
        />
        <TextField
          ref={confirmationRef}
          label={t('account.pin.confirmLabel')}
          type="password"
          name="confirm-device-pin"
          inputMode="numeric"
          autoComplete="new-password"
          maxLength={8}
          value={confirmation}
          error={problem === 'account.pin.mismatch' ? t('account.pin.mismatch') : undefined}
          onChange={(event) => {
            setConfirmation(event.target.value);
            setProblem(undefined);
          }}
        />
      </div>
      <div className="form-actions">
        <Button type="submit" isBusy={isSaving}>
          {isSaving ? t('account.pin.saving') : t('account.pin.save')}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t('account.pin.cancel')}
        </Button>
      </div>
    </form>
  );
}

export function DevicePinSettings({ userId }: { readonly userId: string }) {
  const { t } = useTranslation();
  const status = useDevicePinStatus(userId);
  const [isEditing, setIsEditing] = useState(false);
  const [notice, setNotice] = useState<Notice>();
  const titleId = useId();
  const isSupported = isDevicePinSupported();

  let badge;
  if (!status.isSet) badge = <Badge tone="neutral">{t('account.pin.statusNotSet')}</Badge>;
  else if (status.isBlocked) badge = <Badge tone="warning">{t('account.pin.statusBlocked')}</Badge>;
  else badge = <Badge tone="success">{t('account.pin.statusSet')}</Badge>;

  return (
    <section className="account-subsection" aria-labelledby={titleId}>
      <h3 id={titleId} className="account-subsection__title">
        {t('account.pin.title')}
      </h3>
      <p className="card__subtitle">{t('account.pin.intro')}</p>
      {!isSupported ? (
        <Alert tone="warning">{t('account.pin.unsupported')}</Alert>
      ) : (
        <>
          <p className="badge-row">{badge}</p>
          <div role="status">
            {notice === 'saved' ? <Alert tone="success">{t('account.pin.saved')}</Alert> : null}
            {notice === 'removed' ? <Alert tone="success">{t('account.pin.removed')}</Alert> : null}
          </div>
          {isEditing ? (
            <PinForm
              userId={userId}
              onSaved={() => {
                setIsEditing(false);
                setNotice('saved');
              }}
              onCancel={() => setIsEditing(false)}
            />
          ) : (
            <div className="form-actions">
              <Button
                variant={status.isSet ? 'secondary' : 'primary'}
                onClick={() => {
                  setNotice(undefined);
                  setIsEditing(true);
                }}
              >
                {status.isSet ? t('account.pin.change') : t('account.pin.set')}
              </Button>
              {status.isSet ? (
                <Button
                  variant="ghost"
                  onClick={() => {
                    removeDevicePin(userId);
                    setNotice('removed');
                  }}
                >
                  {t('account.pin.remove')}
                </Button>
              ) : null}
            </div>
          )}
        </>
      )}
    </section>
  );
}
