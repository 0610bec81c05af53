/** Design-system primitives. Imports no feature (STYLE §1); styles come from styles.css. */
export { Alert, type AlertProps, type AlertTone } from './alert.tsx';
export { Button, getButtonClassName, type ButtonProps, type ButtonVariant } from './button.tsx';
export { AlertIcon, CheckIcon, InfoIcon, LogoMark, OfflineIcon, RefreshIcon, SignOutIcon } from './icons.tsx';
export { LanguageSwitch } from './language-switch.tsx';
export { AppShell, Card, PageHeader, usePageTitle, type AppShellProps, type CardProps } from './layout.tsx';
export { AppLink, type AppLinkProps } from './link.tsx';
export { OfflineBanner } from './offline-banner.tsx';
export { LoadingState, Spinner, type SpinnerProps } from './spinner.tsx';
export { PasswordField, TextField, type TextFieldProps } from './text-field.tsx';
export { useOnlineStatus } from './use-online-status.ts';
