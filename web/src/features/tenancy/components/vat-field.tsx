/**
 * The intra-community VAT number field. When the company's SIREN is valid it offers to fill in
 * the French number (FR + key + SIREN) in one click — the key is computed, never guessed.
 */
import { useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { normaliseIdentifier } from '@shared/identity/french-ids.ts';
import { Button, TextField } from '@web/ui/index.ts';
import { suggestFrenchVatNumber } from '../internal/identity.ts';

export type VatFieldProps = {
  readonly value: string;
  readonly siren: string;
  readonly error: string | undefined;
  readonly onChange: (value: string) => void;
  readonly onBlur: () => void;
  readonly isReadOnly?: boolean;
  readonly ref?: Ref<HTMLInputElement>;
};

export function VatField({ value, siren, error, onChange, onBlur, isReadOnly = false, ref }: VatFieldProps) {
  const { t } = useTranslation();
  const [announcement, setAnnouncement] = useState('');
  const suggestion = suggestFrenchVatNumber(siren);
  const canSuggest = !isReadOnly && suggestion !== undefined && normaliseIdentifier(value) !== suggestion;
  return (
    <div className="vat-field">
      <TextField
        ref={ref ?? null}
        label={t('tenancy.identity.fields.vatNumber')}
        hint={t('tenancy.identity.fields.vatNumberHint')}
        name="vat_number"
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        readOnly={isReadOnly}
        value={value}
        error={error}
        onChange={(event) => {
          setAnnouncement('');
          onChange(event.target.value);
        }}
        onBlur={onBlur}
      />
      {canSuggest ? (
        <Button
          variant="secondary"
          size="small"
          onClick={() => {
            onChange(suggestion);
            setAnnouncement(t('tenancy.identity.fields.vatComputed', { vat: suggestion }));
          }}
        >
          {t('tenancy.identity.fields.computeVat')}
        </Button>
      ) : null}
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </div>
  );
}
