/** Design-system primitives. Imports no feature (STYLE §1); styles come from styles.css. */
export { Alert, type AlertProps, type AlertTone } from './alert.tsx';
export { Button, getButtonClassName, type ButtonProps, type ButtonVariant } from './button.tsx';
export {
  AlertIcon,
  BuildingIcon,
  CheckIcon,
  ChevronDownIcon,
  CloseIcon,
  ConsoleIcon,
  HistoryIcon,
  HomeIcon,
  InfoIcon,
  LogoMark,
  MailIcon,
  MenuIcon,
  OfflineIcon,
  PlusIcon,
  RefreshIcon,
  SettingsIcon,
  ShieldIcon,
  SignOutIcon,
  TrashIcon,
  UserIcon,
  UsersIcon,
} from './icons.tsx';
export { LanguageSwitch } from './language-switch.tsx';
export { AppShell, Card, PageHeader, usePageTitle, type AppShellProps, type CardProps } from './layout.tsx';
export { AppLink, type AppLinkProps } from './link.tsx';
export { OfflineBanner } from './offline-banner.tsx';
export { LoadingState, Spinner, type SpinnerProps } from './spinner.tsx';
export {
  PasswordField,
  TextAreaField,
  TextField,
  type TextAreaFieldProps,
  type TextFieldProps,
} from './text-field.tsx';
export { useOnlineStatus } from './use-online-status.ts';
// Primitives added with the tenancy screens; their styles live in patterns.css (loaded here, so
// whoever renders them has them).
import './patterns.css';
export { AppNav, type AppNavProps, type NavItem } from './app-nav.tsx';
export { Badge, type BadgeTone } from './badge.tsx';
export { CheckboxField, type CheckboxFieldProps } from './checkbox-field.tsx';
export { ChoiceGroup, type Choice, type ChoiceGroupProps } from './choice-group.tsx';
export { ConfirmDialog, Dialog, type ConfirmDialogProps, type DialogProps } from './dialog.tsx';
export { LiveNotice, type LiveNoticeProps } from './live-notice.tsx';
export { MenuButton, type MenuButtonProps, type MenuItem } from './menu-button.tsx';
export { SelectField, type SelectFieldProps, type SelectOption } from './select-field.tsx';
export { Stepper, type StepperProps } from './stepper.tsx';
// Primitives added with the account screens (inactivity lock, MFA dialogs).
export { ScreenOverlay, type ScreenOverlayProps } from './screen-overlay.tsx';
export { listFocusable, useModalLayer, type ModalLayerOptions } from './use-modal-layer.ts';
// Primitives added with the CRM screens (undo after delete).
export { ToastProvider, useToast, type ToastOptions } from './toast.tsx';
export { useNow } from './use-now.ts';
export { useMediaQuery, WIDE_SCREEN } from './use-media-query.ts';
export { downloadText } from './download.ts';
