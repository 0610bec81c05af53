/**
 * Onboarding steps 4 and 5. Importing contacts arrives with the contacts feature (F3): until
 * then the step says so plainly and lets the user move on. The last step sums up and opens
 * the app.
 */
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, CheckIcon, InfoIcon } from '@web/ui/index.ts';

type StepNavigation = {
  readonly onBack: () => void;
  readonly onNext: () => void;
  readonly headingRef: RefObject<HTMLHeadingElement | null>;
};

export function ImportStep({ onBack, onNext, headingRef }: StepNavigation) {
  const { t } = useTranslation();
  return (
    <div className="form">
      <div className="card__header">
        <div className="card__title-row">
          <h2 ref={headingRef} tabIndex={-1}>
            {t('tenancy.onboarding.import.title')}
          </h2>
          <Badge tone="info">
            <InfoIcon />
            {t('tenancy.onboarding.import.badge')}
          </Badge>
        </div>
        <p className="card__subtitle">{t('tenancy.onboarding.import.intro')}</p>
      </div>
      <p>{t('tenancy.onboarding.import.body')}</p>
      <div className="form-actions">
        <Button variant="secondary" onClick={onBack}>
          {t('tenancy.onboarding.back')}
        </Button>
        <div className="form-actions__end">
          <Button onClick={onNext}>{t('tenancy.onboarding.skip')}</Button>
        </div>
      </div>
    </div>
  );
}

export type DoneStepProps = {
  readonly tenantName: string;
  readonly verticalLabel: string;
  readonly sentCount: number;
  readonly onFinish: () => void;
  readonly headingRef: RefObject<HTMLHeadingElement | null>;
};

export function DoneStep({ tenantName, verticalLabel, sentCount, onFinish, headingRef }: DoneStepProps) {
  const { t } = useTranslation();
  return (
    <div className="form">
      <div className="card__header">
        <h2 ref={headingRef} tabIndex={-1}>
          {t('tenancy.onboarding.done.title')}
        </h2>
        <p className="card__subtitle">{t('tenancy.onboarding.done.intro', { tenant: tenantName })}</p>
      </div>
      <ul className="item-list">
        <li className="item-list__item">
          <span className="tenant-label">
            <CheckIcon className="button__icon" />
            {t('tenancy.onboarding.done.summaryCompany', { tenant: tenantName, vertical: verticalLabel })}
          </span>
        </li>
        <li className="item-list__item">
          <span className="tenant-label">
            <CheckIcon className="button__icon" />
            {sentCount > 0
              ? t('tenancy.onboarding.done.summaryInvites', { count: sentCount })
              : t('tenancy.onboarding.done.summaryNoInvites')}
          </span>
        </li>
      </ul>
      <div className="form-actions">
        <div className="form-actions__end">
          <Button onClick={onFinish}>{t('tenancy.onboarding.done.goHome')}</Button>
        </div>
      </div>
    </div>
  );
}
