/**
 * Buttons. A busy button stays focusable (aria-disabled, clicks ignored) instead of `disabled`,
 * so keyboard and screen-reader users do not lose their place while a request runs.
 */
import type { ButtonHTMLAttributes, MouseEvent, Ref } from 'react';
import { Spinner } from './spinner.tsx';

/** `danger` is for irreversible actions (delete, remove): always behind a confirmation. */
export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger';

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  readonly variant?: ButtonVariant;
  readonly size?: 'normal' | 'small';
  readonly isBlock?: boolean;
  /** Shows a spinner and ignores activation. */
  readonly isBusy?: boolean;
  readonly ref?: Ref<HTMLButtonElement>;
};

export function getButtonClassName(
  variant: ButtonVariant = 'primary',
  options: { size?: 'normal' | 'small'; isBlock?: boolean } = {},
): string {
  return [
    'button',
    `button--${variant}`,
    options.size === 'small' ? 'button--small' : '',
    options.isBlock ? 'button--block' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

export function Button({
  variant = 'primary',
  size = 'normal',
  isBlock = false,
  isBusy = false,
  type = 'button',
  className,
  onClick,
  children,
  ...rest
}: ButtonProps) {
  const handleClick = (event: MouseEvent<HTMLButtonElement>) => {
    if (isBusy) {
      event.preventDefault();
      return;
    }
    onClick?.(event);
  };
  return (
    <button
      {...rest}
      type={type}
      className={[getButtonClassName(variant, { size, isBlock }), className].filter(Boolean).join(' ')}
      aria-disabled={isBusy || undefined}
      aria-busy={isBusy || undefined}
      onClick={handleClick}
    >
      {isBusy ? <Spinner /> : null}
      {children}
    </button>
  );
}
