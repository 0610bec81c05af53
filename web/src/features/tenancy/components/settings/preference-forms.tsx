/**
 * Settings — the smaller forms, each saved on its own: language and time zone of the company,
 * security rules (inactivity lock, MFA required for owners/admins), invoice numbering prefix.
 * Read-only for roles that cannot update the tenant.
 */
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, CheckboxField, CheckIcon, SelectField, TextField } from '@web/ui/index.ts';
import { useLanguage, useTranslateError } from '@web/i18n/index.ts';
import { describeTimeZone } from '@web/features/tenancy/internal/format.ts';
import {
  findPrefixProblem,
  findTimeoutProblem,
  MAX_SESSION_TIMEOUT,
  MIN_SESSION_TIMEOUT,
} from '@web/features/tenancy/internal/identity.ts';
import { TIME_ZONES } from '@web/features/tenancy/internal/labels.ts';
import type { TenantRow } from '@web/features/tenancy/internal/types.ts';
import type { TenantChanges } from '@web/features/tenancy/mutations.ts';
import { useSaveTenant } from './use-save-tenant.ts';

export type SettingsFormProps = {
  readonly row: TenantRow;
  readonly userId: string;
  readonly isReadOnly: boolean;
};

type FormShellProps = {
  readonly title: string;
  readonly intro: string;
  readonly isReadOnly: boolean;
  readonly isSaving: boolean;
  readonly error: unknown;
  readonly hasNoChanges: boolean;
  readonly isSaved: boolean;
  readonly onSubmit: () => void;
  readonly children: ReactNode;
};

function FormShell({
  title,
  intro,
  isReadOnly,
  isSaving,
  error,
  hasNoChanges,
  isSaved,
  onSubmit,
  children,
}: FormShellProps) {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!isSaving && !isReadOnly) onSubmit();
  };
  return (
    <Card title={title} subtitle={intro}>
      <form className="form" noValidate onSubmit={handleSubmit}>
        {error ? <Alert tone="error">{translateError(error)}</Alert> : null}
        {hasNoChanges ? <Alert tone="info">{t('tenancy.settings.noChanges')}</Alert> : null}
        {children}
        {isReadOnly ? null : <SaveActions isSaving={isSaving} isSaved={isSaved} />}
      </form>
    </Card>
  );
}

/** The save button, with "saved" next to it (a live region, so screen readers hear it too). */
export function SaveActions({ isSaving, isSaved }: { readonly isSaving: boolean; readonly isSaved: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      <Button type="submit" isBusy={isSaving}>
        {isSaving ? t('tenancy.common.saving') : t('tenancy.common.save')}
      </Button>
      <p className="form-status" role="status">
        {isSaved ? (
          <>
            <CheckIcon className="button__icon" />
            {t('tenancy.common.saved')}
          </>
        ) : null}
      </p>
    </div>
  );
}

/** Sends only what changed; says so when nothing did. "Saved" shows until the next edit. */
function useSettingsSave(row: TenantRow, userId: string) {
  const save = useSaveTenant(userId, row.id);
  const [hasNoChanges, setHasNoChanges] = useState(false);
  const submit = (changes: TenantChanges) => {
    const changed = Object.fromEntries(
      Object.entries(changes).filter(([key, value]) => row[key as keyof TenantRow] !== value),
    ) as TenantChanges;
    if (Object.keys(changed).length === 0) {
      setHasNoChanges(true);
      return;
    }
    save.mutate(changed);
  };
  const edit = () => {
    setHasNoChanges(false);
    if (save.isSuccess) save.reset();
  };
  return { save, hasNoChanges, isSaved: save.isSuccess, edit, submit };
}

export function RegionalForm({ row, userId, isReadOnly }: SettingsFormProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { save, hasNoChanges, isSaved, edit, submit } = useSettingsSave(row, userId);
  const [locale, setLocale] = useState(row.locale);
  const [timeZone, setTimeZone] = useState(row.time_zone);
  const zones = (TIME_ZONES as readonly string[]).includes(row.time_zone) ? TIME_ZONES : [row.time_zone, ...TIME_ZONES];
  return (
    <FormShell
      title={t('tenancy.settings.preferencesTitle')}
      intro={t('tenancy.settings.preferencesIntro')}
      isReadOnly={isReadOnly}
      isSaving={save.isPending}
      error={save.error}
      hasNoChanges={hasNoChanges}
      isSaved={isSaved}
      onSubmit={() => submit({ locale, time_zone: timeZone })}
    >
      <div className="form-grid form-grid--two">
        <SelectField
          label={t('tenancy.settings.fields.locale')}
          name="locale"
          disabled={isReadOnly}
          value={locale}
          options={[
            { value: 'fr-FR', label: t('tenancy.settings.fields.localeFr') },
            { value: 'en-GB', label: t('tenancy.settings.fields.localeEn') },
          ]}
          onChange={(event) => {
            edit();
            setLocale(event.target.value);
          }}
        />
        <SelectField
          label={t('tenancy.settings.fields.timeZone')}
          name="time_zone"
          disabled={isReadOnly}
          value={timeZone}
          options={zones.map((zone) => ({ value: zone, label: describeTimeZone(zone, language) }))}
          onChange={(event) => {
            edit();
            setTimeZone(event.target.value);
          }}
        />
      </div>
    </FormShell>
  );
}

export function SecurityForm({ row, userId, isReadOnly }: SettingsFormProps) {
  const { t } = useTranslation();
  const { save, hasNoChanges, isSaved, edit, submit } = useSettingsSave(row, userId);
  const [timeout, setTimeoutValue] = useState(String(row.session_timeout_minutes));
  const [isMfaRequired, setIsMfaRequired] = useState(row.mfa_required_for_admins);
  const [isSubmitted, setIsSubmitted] = useState(false);
  const timeoutRef = useRef<HTMLInputElement>(null);
  const problem = findTimeoutProblem(timeout);
  return (
    <FormShell
      title={t('tenancy.settings.securityTitle')}
      intro={t('tenancy.settings.securityIntro')}
      isReadOnly={isReadOnly}
      isSaving={save.isPending}
      error={save.error}
      hasNoChanges={hasNoChanges}
      isSaved={isSaved}
      onSubmit={() => {
        setIsSubmitted(true);
        if (problem) {
          timeoutRef.current?.focus();
          return;
        }
        submit({ session_timeout_minutes: Number(timeout.trim()), mfa_required_for_admins: isMfaRequired });
      }}
    >
      <TextField
        ref={timeoutRef}
        label={t('tenancy.settings.fields.sessionTimeout')}
        hint={t('tenancy.settings.fields.sessionTimeoutHint')}
        name="session_timeout_minutes"
        className="field__input--short"
        type="number"
        inputMode="numeric"
        min={MIN_SESSION_TIMEOUT}
        max={MAX_SESSION_TIMEOUT}
        step={1}
        readOnly={isReadOnly}
        value={timeout}
        error={problem && isSubmitted ? t(problem) : undefined}
        onChange={(event) => {
          edit();
          setTimeoutValue(event.target.value);
        }}
        onBlur={() => setIsSubmitted(true)}
      />
      <CheckboxField
        label={t('tenancy.settings.fields.mfaRequired')}
        hint={t('tenancy.settings.fields.mfaRequiredHint')}
        name="mfa_required_for_admins"
        disabled={isReadOnly}
        checked={isMfaRequired}
        onChange={(event) => {
          edit();
          setIsMfaRequired(event.target.checked);
        }}
      />
    </FormShell>
  );
}

export function NumberingForm({ row, userId, isReadOnly }: SettingsFormProps) {
  const { t } = useTranslation();
  const { save, hasNoChanges, isSaved, edit, submit } = useSettingsSave(row, userId);
  const [prefix, setPrefix] = useState(row.numbering_prefix);
  const [isSubmitted, setIsSubmitted] = useState(false);
  const prefixRef = useRef<HTMLInputElement>(null);
  const normalised = prefix.trim().toUpperCase();
  const problem = findPrefixProblem(prefix);
  const example = normalised ? `${normalised}-0001` : '0001';
  return (
    <FormShell
      title={t('tenancy.settings.numberingTitle')}
      intro={t('tenancy.settings.numberingIntro')}
      isReadOnly={isReadOnly}
      isSaving={save.isPending}
      error={save.error}
      hasNoChanges={hasNoChanges}
      isSaved={isSaved}
      onSubmit={() => {
        setIsSubmitted(true);
        if (problem) {
          prefixRef.current?.focus();
          return;
        }
        submit({ numbering_prefix: normalised });
      }}
    >
      <TextField
        ref={prefixRef}
        label={t('tenancy.settings.fields.numberingPrefix')}
        hint={t('tenancy.settings.fields.numberingPrefixHint')}
        name="numbering_prefix"
        className="field__input--short"
        autoCapitalize="characters"
        autoComplete="off"
        spellCheck={false}
        maxLength={12}
        readOnly={isReadOnly}
        value={prefix}
        error={problem && (isSubmitted || prefix.length > 0) ? t(problem) : undefined}
        onChange={(event) => {
          edit();
          setPrefix(event.target.value);
        }}
      />
      {problem ? null : <p className="field__hint">{t('tenancy.settings.fields.numberingExample', { example })}</p>}
    </FormShell>
  );
}
