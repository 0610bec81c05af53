/** In-app link (client-side navigation), optionally styled as a button. */
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { getButtonClassName, type ButtonVariant } from './button.tsx';

export type AppLinkProps = {
  readonly to: string;
  readonly children: ReactNode;
  /** Render as a button-looking link (a navigation that reads as an action). */
  readonly asButton?: ButtonVariant;
  readonly isBlock?: boolean;
  /** History state carried to the next page (e.g. where to go after signing in). */
  readonly state?: unknown;
};

export function AppLink({ to, children, asButton, isBlock = false, state }: AppLinkProps) {
  return (
    <Link to={to} state={state} className={asButton ? getButtonClassName(asButton, { isBlock }) : undefined}>
      {children}
    </Link>
  );
}
