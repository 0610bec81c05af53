/** Inline message. Errors interrupt (role=alert); everything else is a polite status. */
import type { ReactNode } from 'react';
import { AlertIcon, CheckIcon, InfoIcon } from './icons.tsx';

export type AlertTone = 'error' | 'success' | 'info' | 'warning';

export type AlertProps = {
  readonly tone: AlertTone;
  readonly title?: string;
  readonly children?: ReactNode;
  /** Buttons or links shown under the message (retry, resend…). */
  readonly actions?: ReactNode;
};

export function Alert({ tone, title, children, actions }: AlertProps) {
  const Icon = tone === 'success' ? CheckIcon : tone === 'error' || tone === 'warning' ? AlertIcon : InfoIcon;
  return (
    <div className={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <Icon className="alert__icon" />
      <div className="alert__body">
        {title ? <p className="alert__title">{title}</p> : null}
        {children ? <div>{children}</div> : null}
        {actions ? <div className="alert__actions">{actions}</div> : null}
      </div>
    </div>
  );
}
