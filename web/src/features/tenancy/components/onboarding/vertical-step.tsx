/**
 * Onboarding step 2 — the business vertical (agency, garage, services), each explained. Leaving
 * this step creates the tenant (create_tenant with the id generated on this device), or, when
 * the user came back after creating it, saves the identity changes (update_tenant).
 */
import { useRef, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, ChoiceGroup } from '@web/ui/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { VERTICAL_DESCRIPTION_KEY, VERTICAL_LABEL_KEY } from '@web/features/tenancy/internal/labels.ts';
import { VERTICALS, type Vertical } from '@web/features/tenancy/internal/types.ts';

export type VerticalStepProps = {
  readonly vertical: Vertical | '';
  /** Once the tenant exists its vertical is fixed (update_tenant does not change it). */
  readonly isLocked: boolean;
  readonly onChange: (vertical: Vertical) => void;
  readonly onBack: () => void;
  readonly onNext: () => void;
  readonly isSaving: boolean;
  readonly error: unknown;
  readonly headingRef: RefObject<HTMLHeadingElement | null>;
};

function isVertical(value: string): value is Vertical {
  return (VERTICALS as readonly string[]).includes(value);
}

export function VerticalStep({
  vertical,
  isLocked,
  onChange,
  onBack,
  onNext,
  isSaving,
  error,
  headingRef,
}: VerticalStepProps) {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const [isMissing, setIsMissing] = useState(false);
  const firstChoiceRef = useRef<HTMLInputElement>(null);

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (isSaving) return;
    if (!vertical) {
      setIsMissing(true);
      firstChoiceRef.current?.focus();
      return;
    }
    onNext();
  };

  return (
    <form className="form" noValidate onSubmit={handleSubmit}>
      <div className="card__header">
        <h2 ref={headingRef} tabIndex={-1}>
          {t('tenancy.onboarding.vertical.title')}
        </h2>
        <p className="card__subtitle">{t('tenancy.onboarding.vertical.intro')}</p>
      </div>
      {error ? <Alert tone="error">{translateError(error)}</Alert> : null}
      <ChoiceGroup
        ref={firstChoiceRef}
        legend={t('tenancy.onboarding.vertical.legend')}
        isLegendHidden
        hint={isLocked ? t('tenancy.onboarding.vertical.locked') : undefined}
        name="vertical"
        value={vertical || undefined}
        choices={VERTICALS.map((value) => ({
          value,
          label: t(VERTICAL_LABEL_KEY[value]),
          description: t(VERTICAL_DESCRIPTION_KEY[value]),
          isDisabled: isLocked && value !== vertical,
        }))}
        onChange={(value) => {
          if (!isVertical(value)) return;
          setIsMissing(false);
          onChange(value);
        }}
        error={isMissing && !vertical ? t('tenancy.onboarding.vertical.required') : undefined}
      />
      <div className="form-actions">
        <Button variant="secondary" onClick={onBack}>
          {t('tenancy.onboarding.back')}
        </Button>
        <div className="form-actions__end">
          <Button type="submit" isBusy={isSaving}>
            {isSaving ? t('tenancy.onboarding.creating') : t('tenancy.onboarding.next')}
          </Button>
        </div>
      </div>
    </form>
  );
}
