/**
 * Settings — identity and legal mentions (printed on quotes and invoices): name, raison
 * sociale, legal form, share capital, SIREN/SIRET (Luhn key checked), registry, VAT number
 * (key checked, computable from the SIREN), address. Read-only for roles that cannot update
 * the tenant. A refusal keeps what was typed and points at the refused field.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isAppError } from '@shared/errors/app-error.ts';
import { normaliseIdentifier } from '@shared/identity/french-ids.ts';
import { Alert, Card, SelectField, TextField } from '@web/ui/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import {
  findCapitalProblem,
  findNameProblem,
  findPostalCodeProblem,
  findSirenProblem,
  findSiretProblem,
  findVatProblem,
  formatCentsForInput,
  parseEurosToCents,
} from '@web/features/tenancy/internal/identity.ts';
import { LEGAL_FORMS } from '@web/features/tenancy/internal/labels.ts';
import type { TenantRow } from '@web/features/tenancy/internal/types.ts';
import { focusField } from '@web/features/tenancy/internal/focus-field.ts';
import { useFieldErrors } from '@web/features/tenancy/internal/use-field-errors.ts';
import type { TenantChanges } from '@web/features/tenancy/mutations.ts';
import { VatField } from '../vat-field.tsx';
import { SaveActions } from './preference-forms.tsx';
import { listChanges, useSaveTenant } from './use-save-tenant.ts';

type IdentityValues = {
  name: string;
  legal_name: string;
  legal_form: string;
  share_capital: string;
  siren: string;
  siret: string;
  registry_kind: string;
  registry_city: string;
  vat_number: string;
  address_line1: string;
  address_line2: string;
  postal_code: string;
  city: string;
};

const CHECKED_FIELDS = ['name', 'share_capital', 'siren', 'siret', 'vat_number', 'postal_code'] as const;
type CheckedField = (typeof CHECKED_FIELDS)[number];
type Field = keyof IdentityValues;

function toValues(row: TenantRow): IdentityValues {
  return {
    name: row.name,
    legal_name: row.legal_name ?? '',
    legal_form: row.legal_form ?? '',
    share_capital: formatCentsForInput(row.share_capital_cents),
    siren: row.siren ?? '',
    siret: row.siret ?? '',
    registry_kind: row.registry_kind ?? '',
    registry_city: row.registry_city ?? '',
    vat_number: row.vat_number ?? '',
    address_line1: row.address_line1 ?? '',
    address_line2: row.address_line2 ?? '',
    postal_code: row.postal_code ?? '',
    city: row.city ?? '',
  };
}

/** update_tenant's p_changes for the edited fields. */
function toChanges(changed: Partial<IdentityValues>): TenantChanges {
  const { share_capital: capital, registry_kind: registryKind, ...rest } = changed;
  const changes: TenantChanges = { ...rest };
  if (capital !== undefined) {
    const cents = parseEurosToCents(capital);
    changes.share_capital_cents = cents === 'invalid' ? null : cents;
  }
  if (registryKind !== undefined)
    changes.registry_kind = registryKind === 'RCS' || registryKind === 'RM' ? registryKind : '';
  return changes;
}

/** The form field a database refusal names (constraint → column, see private.raise_invalid_field). */
function mapServerField(field: string): Field | undefined {
  if (field === 'share_capital_cents') return 'share_capital';
  const fields: readonly Field[] = [
    'name',
    'legal_name',
    'legal_form',
    'siren',
    'siret',
    'registry_kind',
    'registry_city',
    'vat_number',
    'address_line1',
    'address_line2',
    'postal_code',
    'city',
  ];
  return fields.find((candidate) => candidate === field);
}

/** Identifiers are checked as soon as they are complete. */
function isComplete(field: CheckedField, value: string): boolean {
  const length = normaliseIdentifier(value).length;
  if (field === 'siren') return length >= 9;
  if (field === 'siret') return length >= 14;
  if (field === 'vat_number') return length >= 13;
  return false;
}

export type IdentityFormProps = {
  readonly row: TenantRow;
  readonly userId: string;
  readonly isReadOnly: boolean;
};

export function IdentityForm({ row, userId, isReadOnly }: IdentityFormProps) {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const save = useSaveTenant(userId, row.id);
  const [saved, setSaved] = useState(() => toValues(row));
  const [values, setValues] = useState(saved);
  const [hasNoChanges, setHasNoChanges] = useState(false);

  const errors = useFieldErrors(
    CHECKED_FIELDS,
    values,
    {
      name: findNameProblem(values.name),
      share_capital: findCapitalProblem(values.share_capital),
      siren: findSirenProblem(values.siren),
      siret: findSiretProblem(values.siret, values.siren),
      vat_number: findVatProblem(values.vat_number, values.siren),
      postal_code: findPostalCodeProblem(values.postal_code),
    },
    isComplete,
  );
  const [refused, setRefused] = useState<{ field: Field; value: string } | null>(null);

  const errorOf = (field: Field): string | undefined => {
    const problem = (CHECKED_FIELDS as readonly string[]).includes(field)
      ? errors.errorOf(field as CheckedField)
      : undefined;
    if (problem) return t(problem);
    return refused?.field === field && refused.value === values[field]
      ? t('tenancy.identity.errors.server')
      : undefined;
  };

  const set = (field: Field) => (event: { target: { value: string } }) => {
    setHasNoChanges(false);
    if (save.isSuccess) save.reset();
    setValues((current) => ({ ...current, [field]: event.target.value }));
  };

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (save.isPending || isReadOnly) return;
    const form = event.currentTarget;
    const invalid = errors.submit();
    if (invalid) {
      focusField(form, invalid);
      return;
    }
    const changed = listChanges(saved, values);
    if (Object.keys(changed).length === 0) {
      setHasNoChanges(true);
      return;
    }
    save.mutate(toChanges(changed), {
      onSuccess: (next) => {
        const nextValues = toValues(next);
        setSaved(nextValues);
        setValues(nextValues);
        setRefused(null);
        errors.reset();
      },
      onError: (error) => {
        const serverField = isAppError(error) ? error.details?.['field'] : undefined;
        const field = typeof serverField === 'string' ? mapServerField(serverField) : undefined;
        setRefused(field ? { field, value: values[field] } : null);
        if (field) focusField(form, field);
      },
    });
  };

  const input = (field: Field) => ({
    name: field,
    value: values[field],
    readOnly: isReadOnly,
    onChange: set(field),
    error: errorOf(field),
    onBlur: () => {
      if ((CHECKED_FIELDS as readonly string[]).includes(field)) errors.touch(field as CheckedField);
    },
  });

  const legalFormOptions = [
    { value: '', label: t('tenancy.legalForms.choose') },
    ...LEGAL_FORMS.map((form) => ({ value: form.value, label: t(form.labelKey) })),
    // A value typed elsewhere (API, import) is kept rather than silently dropped.
    ...(values.legal_form && !LEGAL_FORMS.some((form) => form.value === values.legal_form)
      ? [{ value: values.legal_form, label: values.legal_form }]
      : []),
  ];

  return (
    <Card title={t('tenancy.settings.identityTitle')} subtitle={t('tenancy.settings.identityIntro')}>
      <form className="form" noValidate onSubmit={handleSubmit}>
        {save.isError ? <Alert tone="error">{translateError(save.error)}</Alert> : null}
        {hasNoChanges ? <Alert tone="info">{t('tenancy.settings.noChanges')}</Alert> : null}
        <div className="form-grid form-grid--two">
          <TextField
            label={t('tenancy.identity.fields.name')}
            autoComplete="organization"
            maxLength={120}
            {...input('name')}
          />
          <TextField
            label={t('tenancy.identity.fields.legalName')}
            hint={t('tenancy.identity.fields.legalNameHint')}
            maxLength={200}
            {...input('legal_name')}
          />
          <SelectField
            label={t('tenancy.identity.fields.legalForm')}
            name="legal_form"
            disabled={isReadOnly}
            value={values.legal_form}
            options={legalFormOptions}
            onChange={set('legal_form')}
          />
          <TextField
            label={t('tenancy.identity.fields.shareCapital')}
            hint={t('tenancy.identity.fields.shareCapitalHint')}
            inputMode="decimal"
            {...input('share_capital')}
          />
          <TextField
            label={t('tenancy.identity.fields.siren')}
            hint={t('tenancy.identity.fields.sirenHint')}
            inputMode="numeric"
            autoComplete="off"
            {...input('siren')}
          />
          <TextField
            label={t('tenancy.identity.fields.siret')}
            hint={t('tenancy.identity.fields.siretHint')}
            inputMode="numeric"
            autoComplete="off"
            {...input('siret')}
          />
          <SelectField
            label={t('tenancy.identity.fields.registryKind')}
            name="registry_kind"
            disabled={isReadOnly}
            value={values.registry_kind}
            options={[
              { value: '', label: t('tenancy.identity.fields.registryNone') },
              { value: 'RCS', label: t('tenancy.identity.fields.registryRcs') },
              { value: 'RM', label: t('tenancy.identity.fields.registryRm') },
            ]}
            onChange={set('registry_kind')}
          />
          <TextField label={t('tenancy.identity.fields.registryCity')} maxLength={80} {...input('registry_city')} />
          <div className="form-grid__wide">
            <VatField
              value={values.vat_number}
              siren={values.siren}
              error={errorOf('vat_number')}
              isReadOnly={isReadOnly}
              onChange={(value) => set('vat_number')({ target: { value } })}
              onBlur={() => errors.touch('vat_number')}
            />
          </div>
          <div className="form-grid__wide">
            <TextField
              label={t('tenancy.identity.fields.addressLine1')}
              autoComplete="address-line1"
              maxLength={200}
              {...input('address_line1')}
            />
          </div>
          <div className="form-grid__wide">
            <TextField
              label={`${t('tenancy.identity.fields.addressLine2')} ${t('tenancy.common.optional')}`}
              autoComplete="address-line2"
              maxLength={200}
              {...input('address_line2')}
            />
          </div>
          <TextField
            label={t('tenancy.identity.fields.postalCode')}
            autoComplete="postal-code"
            inputMode="numeric"
            {...input('postal_code')}
          />
          <TextField
            label={t('tenancy.identity.fields.city')}
            autoComplete="address-level2"
            maxLength={80}
            {...input('city')}
          />
        </div>
        {isReadOnly ? null : <SaveActions isSaving={save.isPending} isSaved={save.isSuccess} />}
      </form>
    </Card>
  );
}
