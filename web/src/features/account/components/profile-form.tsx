/**
 * Personal details: display name, phone (any French format, stored in E.164), and the preferred
 * language, which also switches the app once saved. Refusals keep what the user typed; a phone
 * the database refuses is shown under the phone field.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isAppError } from '@shared/errors/app-error.ts';
import { formatPhoneNumber, normalisePhoneNumber } from '@shared/identity/phone.ts';
import { Alert, Button, Card, LoadingState, SelectField, TextField, useOnlineStatus } from '@web/ui/index.ts';
import { changeLanguage, isLanguage, LANGUAGES, useTranslateError, type Language } from '@web/i18n/index.ts';
import type { SessionUser } from '@web/lib/supabase/index.ts';
import { profileQuery, updateProfileMutation, type Profile, type ProfileChanges } from '../queries.ts';

const MAX_DISPLAY_NAME_LENGTH = 120;

type FieldProblems = {
  readonly displayName?: 'account.profile.validation.displayNameTooLong';
  readonly phone?: 'account.profile.validation.phoneInvalid';
};

function ProfileForm({
  profile,
  email,
  onSaved,
}: {
  readonly profile: Profile;
  readonly email: string;
  readonly onSaved: (saved: Profile) => void;
}) {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const mutation = useMutation({ ...updateProfileMutation, onSuccess: onSaved });
  const [displayName, setDisplayName] = useState(profile.display_name);
  const [phone, setPhone] = useState(profile.phone ? formatPhoneNumber(profile.phone) : '');
  const [language, setLanguage] = useState<Language>(profile.preferred_language);
  const [problems, setProblems] = useState<FieldProblems>({});
  const displayNameRef = useRef<HTMLInputElement>(null);
  const phoneRef = useRef<HTMLInputElement>(null);

  // The database names the refused field (invalid_input + details.field): show it where it belongs.
  const refusedField =
    mutation.isError && isAppError(mutation.error) && mutation.error.userMessage === 'errors.rpc.invalid_input'
      ? mutation.error.details?.['field']
      : undefined;

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (mutation.isPending) return;
    const trimmedName = displayName.trim();
    const e164 = phone.trim() ? normalisePhoneNumber(phone) : null;
    const next: FieldProblems = {
      ...([...trimmedName].length > MAX_DISPLAY_NAME_LENGTH
        ? { displayName: 'account.profile.validation.displayNameTooLong' as const }
        : {}),
      ...(e164 === undefined ? { phone: 'account.profile.validation.phoneInvalid' as const } : {}),
    };
    setProblems(next);
    if (next.displayName) {
      displayNameRef.current?.focus();
      return;
    }
    if (next.phone || e164 === undefined) {
      phoneRef.current?.focus();
      return;
    }
    const changes: ProfileChanges = { display_name: trimmedName, phone: e164, preferred_language: language };
    mutation.mutate(changes);
  };

  return (
    <form className="form" noValidate onSubmit={handleSubmit}>
      {mutation.isError && refusedField !== 'phone' ? (
        <Alert tone="error">{translateError(mutation.error)}</Alert>
      ) : null}
      <TextField label={t('account.profile.fields.email')} type="email" value={email} readOnly name="email" />
      <TextField
        ref={displayNameRef}
        label={t('account.profile.fields.displayName')}
        hint={t('account.profile.fields.displayNameHint')}
        name="name"
        autoComplete="name"
        value={displayName}
        error={problems.displayName ? t(problems.displayName) : undefined}
        onChange={(event) => {
          setDisplayName(event.target.value);
          setProblems(({ displayName: _dropped, ...rest }) => rest);
        }}
      />
      <TextField
        ref={phoneRef}
        label={t('account.profile.fields.phone')}
        hint={t('account.profile.fields.phoneHint')}
        type="tel"
        name="tel"
        autoComplete="tel"
        inputMode="tel"
        value={phone}
        error={problems.phone || refusedField === 'phone' ? t('account.profile.validation.phoneInvalid') : undefined}
        onChange={(event) => {
          setPhone(event.target.value);
          setProblems(({ phone: _dropped, ...rest }) => rest);
        }}
      />
      <SelectField
        label={t('account.profile.fields.language')}
        name="language"
        value={language}
        options={LANGUAGES.map((value) => ({ value, label: t(`language.${value}`) }))}
        onChange={(event) => {
          if (isLanguage(event.target.value)) setLanguage(event.target.value);
        }}
      />
      <div className="form-actions">
        <Button type="submit" isBusy={mutation.isPending}>
          {mutation.isPending ? t('account.profile.saving') : t('account.profile.save')}
        </Button>
      </div>
    </form>
  );
}

export function ProfileCard({
  user,
  isSessionConfirmed,
}: {
  readonly user: SessionUser;
  readonly isSessionConfirmed: boolean;
}) {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const queryClient = useQueryClient();
  const isOnline = useOnlineStatus();
  const query = useQuery(profileQuery(user.id, isSessionConfirmed));
  const [savedAt, setSavedAt] = useState<string>();

  const handleSaved = (saved: Profile) => {
    queryClient.setQueryData(profileQuery(user.id, isSessionConfirmed).queryKey, saved);
    setSavedAt(saved.updated_at);
    void changeLanguage(saved.preferred_language);
  };

  let content;
  if (query.data) {
    content = (
      <>
        {savedAt === query.data.updated_at ? <Alert tone="success">{t('account.profile.saved')}</Alert> : null}
        {/* Re-created after each save: the fields then show what the database stored (e.g. the phone formatted). */}
        <ProfileForm key={query.data.updated_at} profile={query.data} email={user.email ?? ''} onSaved={handleSaved} />
      </>
    );
  } else if (!isOnline) {
    content = <Alert tone="info">{t('account.profile.offline')}</Alert>;
  } else if (query.isError) {
    content = (
      <Alert
        tone="error"
        title={t('account.profile.loadFailed')}
        actions={
          <Button size="small" variant="secondary" onClick={() => void query.refetch()}>
            {t('account.profile.retry')}
          </Button>
        }
      >
        {translateError(query.error)}
      </Alert>
    );
  } else {
    content = <LoadingState label={t('account.profile.loading')} />;
  }

  return <Card title={t('account.profile.identityTitle')}>{content}</Card>;
}
