/** The 6-digit code field: numeric keypad on phones, one-time-code autofill, typed value kept. */
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '@web/ui/index.ts';

export type TotpCodeFieldProps = {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly error?: string | undefined;
  readonly ref?: Ref<HTMLInputElement>;
};

export function TotpCodeField({ value, onChange, error, ref }: TotpCodeFieldProps) {
  const { t } = useTranslation();
  return (
    <TextField
      {...(ref ? { ref } : {})}
      label={t('account.code.label')}
      hint={t('account.code.hint')}
      name="totp-code"
      inputMode="numeric"
      autoComplete="one-time-code"
      autoCapitalize="none"
      spellCheck={false}
      // Room for "123 456" as some apps display it.
      maxLength={9}
      className="totp-code-input"
      value={value}
      error={error}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}
