/**
 * Onboarding step 1 — company identity: name (required), legal form, SIRET or SIREN (Luhn key
 * checked while typing), VAT number (key checked, computable from the SIREN), address. Every
 * keystroke is saved in the draft, so Back, Next and a refresh keep it.
 */
import { useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { normaliseIdentifier } from '@shared/identity/french-ids.ts';
import { Alert, Button, SelectField, TextField } from '@web/ui/index.ts';
import {
  findNameProblem,
  findPostalCodeProblem,
  findRegistrationProblem,
  findVatProblem,
  splitRegistration,
} from '@web/features/tenancy/internal/identity.ts';
import { LEGAL_FORMS } from '@web/features/tenancy/internal/labels.ts';
import { useFieldErrors } from '@web/features/tenancy/internal/use-field-errors.ts';
import type { IdentityDraft } from '@web/features/tenancy/store.ts';
import { focusField } from '@web/features/tenancy/internal/focus-field.ts';
import { VatField } from '../vat-field.tsx';

export type IdentityField = keyof IdentityDraft;

export type RefusedField = { readonly field: IdentityField; readonly value: string };

const VALIDATED_FIELDS = ['name', 'registration', 'vat_number', 'postal_code'] as const;
type ValidatedField = (typeof VALIDATED_FIELDS)[number];

/** Identifiers are checked as soon as they have all their characters, before the field is left. */
function isComplete(field: ValidatedField, value: string): boolean {
  const normalised = normaliseIdentifier(value);
  if (field === 'registration') return normalised.length >= 14;
  if (field === 'vat_number') return normalised.length >= 13;
  return false;
}

export type IdentityStepProps = {
  readonly identity: IdentityDraft;
  readonly onChange: (field: IdentityField, value: string) => void;
  readonly onNext: () => void;
  /** A value the server refused (create_tenant/update_tenant invalid_input on a field). */
  readonly refused: RefusedField | null;
  readonly headingRef: RefObject<HTMLHeadingElement | null>;
};

export function IdentityStep({ identity, onChange, onNext, refused, headingRef }: IdentityStepProps) {
  const { t } = useTranslation();
  const { siren } = splitRegistration(identity.registration);
  const values = {
    name: identity.name,
    registration: identity.registration,
    vat_number: identity.vat_number,
    postal_code: identity.postal_code,
  };
  const errors = useFieldErrors(
    VALIDATED_FIELDS,
    values,
    {
      name: findNameProblem(identity.name),
      registration: findRegistrationProblem(identity.registration),
      vat_number: findVatProblem(identity.vat_number, siren),
      postal_code: findPostalCodeProblem(identity.postal_code),
    },
    isComplete,
  );
  const isRefused = (field: IdentityField) => refused?.field === field && refused.value === identity[field];
  const errorOf = (field: ValidatedField) => {
    const problem = errors.errorOf(field);
    if (problem) return t(problem);
    return isRefused(field) ? t('tenancy.identity.errors.server') : undefined;
  };
  // The summary appears after an attempt to continue, not while the user is still typing.
  const [hasTriedNext, setHasTriedNext] = useState(false);
  const hasVisibleError = hasTriedNext && VALIDATED_FIELDS.some((field) => errorOf(field) !== undefined);

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setHasTriedNext(true);
    const invalid = errors.submit() ?? VALIDATED_FIELDS.find((field) => isRefused(field));
    if (invalid) {
      focusField(event.currentTarget, invalid);
      return;
    }
    onNext();
  };

  const textProps = (field: IdentityField) => ({
    name: field,
    value: identity[field],
    onChange: (event: { target: { value: string } }) => onChange(field, event.target.value),
  });

  return (
    <form className="form" noValidate onSubmit={handleSubmit}>
      <div className="card__header">
        <h2 ref={headingRef} tabIndex={-1}>
          {t('tenancy.onboarding.identity.title')}
        </h2>
        <p className="card__subtitle">{t('tenancy.onboarding.identity.intro')}</p>
      </div>
      {hasVisibleError ? <Alert tone="error">{t('tenancy.onboarding.identity.fixErrors')}</Alert> : null}
      <TextField
        label={t('tenancy.identity.fields.name')}
        hint={t('tenancy.identity.fields.nameHint')}
        autoComplete="organization"
        required
        {...textProps('name')}
        error={errorOf('name')}
        onBlur={() => errors.touch('name')}
      />
      <SelectField
        label={`${t('tenancy.identity.fields.legalForm')} ${t('tenancy.common.optional')}`}
        options={[
          { value: '', label: t('tenancy.legalForms.choose') },
          ...LEGAL_FORMS.map((form) => ({ value: form.value, label: t(form.labelKey) })),
        ]}
        {...textProps('legal_form')}
      />
      <TextField
        label={`${t('tenancy.identity.fields.registration')} ${t('tenancy.common.optional')}`}
        hint={t('tenancy.identity.fields.registrationHint')}
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        {...textProps('registration')}
        error={errorOf('registration')}
        onBlur={() => errors.touch('registration')}
      />
      <VatField
        value={identity.vat_number}
        siren={siren}
        error={errorOf('vat_number')}
        onChange={(value) => onChange('vat_number', value)}
        onBlur={() => errors.touch('vat_number')}
      />
      <fieldset className="choice-group">
        <legend className="field__label">{`${t('tenancy.identity.fields.address')} ${t('tenancy.common.optional')}`}</legend>
        <div className="form-grid form-grid--two">
          <div className="form-grid__wide">
            <TextField
              label={t('tenancy.identity.fields.addressLine1')}
              autoComplete="address-line1"
              {...textProps('address_line1')}
            />
          </div>
          <div className="form-grid__wide">
            <TextField
              label={t('tenancy.identity.fields.addressLine2')}
              autoComplete="address-line2"
              {...textProps('address_line2')}
            />
          </div>
          <TextField
            label={t('tenancy.identity.fields.postalCode')}
            autoComplete="postal-code"
            inputMode="numeric"
            {...textProps('postal_code')}
            error={errorOf('postal_code')}
            onBlur={() => errors.touch('postal_code')}
          />
          <TextField label={t('tenancy.identity.fields.city')} autoComplete="address-level2" {...textProps('city')} />
        </div>
      </fieldset>
      <div className="form-actions">
        <div className="form-actions__end">
          <Button type="submit">{t('tenancy.onboarding.next')}</Button>
        </div>
      </div>
    </form>
  );
}
