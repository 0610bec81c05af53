/** English messages: complete, same keys as French (the `Messages` type enforces it). */
import type { Messages } from './fr.ts';
import { tenancyEn } from './en/tenancy.ts';
import { accountEn } from './en/account.ts';
import { crmEn } from './en/crm.ts';
import { syncEn } from './en/sync.ts';
import { pipelineEn } from './en/pipeline.ts';
import { activitiesEn } from './en/activities.ts';
import { tasksEn } from './en/tasks.ts';
import { scoringEn } from './en/scoring.ts';
import { shellEn } from './en/shell.ts';
import { rpcErrorsEn } from './en/rpc-errors.ts';
import { vehiclesEn } from './en/vehicles.ts';

export const en: Messages = {
  app: {
    name: 'Comptoir',
    skipToContent: 'Skip to content',
    loading: 'Loading…',
    bootError: {
      title: 'Comptoir cannot start',
      body: 'The app configuration could not be loaded. Check your connection, then try again.',
      retry: 'Try again',
    },
    notFound: {
      title: 'Page not found',
      body: 'This address does not match any page in Comptoir.',
      home: 'Back to home',
    },
    routeError: {
      title: 'Something went wrong',
      body: 'This page could not be displayed. Reload it; if the problem persists, contact support.',
      reload: 'Reload the page',
    },
  },
  ui: {
    showPassword: 'Show password',
    hidePassword: 'Hide password',
    dismiss: 'Dismiss',
    newTab: '(new tab)',
  },
  language: {
    label: 'Language',
    fr: 'Français',
    en: 'English',
  },
  network: {
    offline:
      'You are offline. Comptoir stays available; actions that need the server will resume when you are back online.',
  },
  update: {
    available: 'A new version of Comptoir is available.',
    reload: 'Reload',
    later: 'Later',
  },
  auth: {
    fields: {
      email: 'Email address',
      password: 'Password',
      newPasswordHint: 'At least 8 characters, with letters and digits.',
    },
    validation: {
      emailRequired: 'Enter your email address.',
      emailInvalid: 'This email address is not valid (example: name@company.com).',
      passwordRequired: 'Enter your password.',
      passwordTooShort: 'The password must be at least 8 characters long.',
      passwordLettersDigits: 'The password must contain letters and digits.',
    },
    signIn: {
      title: 'Sign in',
      subtitle: 'Access your Comptoir workspace.',
      submit: 'Sign in',
      submitting: 'Signing in…',
      noAccount: 'No account yet?',
      createAccount: 'Create an account',
      magicLink: 'Get a sign-in link by email',
      sendLinkInstead: 'Email me a sign-in link',
      accountDeleted: 'Your account has been deleted. Thank you for using Comptoir.',
    },
    signUp: {
      title: 'Create an account',
      subtitle: 'It only takes a few seconds. You will confirm your address by email.',
      submit: 'Create my account',
      submitting: 'Creating your account…',
      haveAccount: 'Already have an account?',
      signIn: 'Sign in',
    },
    checkMailbox: {
      title: 'Check your mailbox',
      body: 'We sent a confirmation link to <strong>{{email}}</strong>. Open it to activate your account.',
      hint: 'Nothing received? Look in your spam folder, or send the email again. If you already have an account, just sign in.',
      resend: 'Send the email again',
      resending: 'Sending…',
      resent: 'Email sent again to <strong>{{email}}</strong>.',
      back: 'Back to sign-in',
    },
    magicLink: {
      title: 'Sign in with a link',
      subtitle: 'Get a single-use sign-in link, no password needed.',
      submit: 'Send the link',
      submitting: 'Sending…',
      sentTitle: 'Link sent',
      sentBody: 'A sign-in link was sent to <strong>{{email}}</strong>. Open it on this device to sign in.',
      another: 'Use another address',
      usePassword: 'Sign in with a password',
    },
    callback: {
      pending: 'Signing you in…',
      failedTitle: 'Could not sign you in',
      missing: 'This sign-in link is incomplete. Open the link from your email, or request a new one.',
      newLink: 'Request a new link',
      backToSignIn: 'Back to sign-in',
    },
    signOut: {
      submit: 'Sign out',
      submitting: 'Signing out…',
    },
    devMailbox: 'Open the development mailbox',
    errors: {
      invalid_credentials: 'Incorrect email address or password.',
      email_not_confirmed: 'Your email address is not confirmed yet. Open the link we emailed you.',
      user_already_exists: 'An account already exists with this address. Sign in instead.',
      email_exists: 'An account already exists with this address. Sign in instead.',
      weak_password: 'This password is too weak: at least 8 characters, with letters and digits.',
      over_email_send_rate_limit: 'Too many emails sent. Wait a moment before trying again.',
      rate_limited_for_one: 'For your security, wait {{count}} second before trying again.',
      rate_limited_for_other: 'For your security, wait {{count}} seconds before trying again.',
      over_request_rate_limit: 'Too many attempts. Wait a few minutes before trying again.',
      otp_expired: 'This link has expired or was already used. Request a new one.',
      otp_disabled: 'No account is linked to this address.',
      signup_disabled: 'Sign-ups are closed for now.',
      email_address_invalid: 'This email address is not accepted.',
      validation_failed: 'Check the information you entered.',
      user_banned: 'This account is suspended. Contact your administrator.',
      session_not_found: 'Your session has expired. Sign in again.',
      access_denied: 'This link is not valid. Request a new one.',
      unexpected: 'Sign-in failed for an unexpected reason. Try again in a moment.',
      too_many_attempts_one:
        'Too many password attempts. Try again in {{count}} minute, or get a sign-in link by email: that still works.',
      too_many_attempts_other:
        'Too many password attempts. Try again in {{count}} minutes, or get a sign-in link by email: that still works.',
      mfa_verification_failed: 'Wrong code. Check that your phone’s clock is right, then enter the code it shows.',
      mfa_challenge_expired: 'The verification timed out. Enter the code shown now.',
      mfa_ip_address_mismatch: 'The verification was interrupted. Enter the code shown again.',
      mfa_factor_not_found: 'This device is no longer registered on your account. Reload the page.',
      mfa_factor_name_conflict: 'One of your devices already has this name. Choose another one.',
      mfa_verification_rejected: 'Too many wrong codes. Sign in again, then retry.',
      mfa_totp_enroll_not_enabled: 'Two-factor authentication is not available at the moment.',
      mfa_totp_verify_not_enabled: 'Two-factor authentication is not available at the moment.',
      too_many_enrolled_mfa_factors:
        'You have reached the maximum number of devices. Remove one before adding another.',
      insufficient_aal: 'First confirm with a code from your authenticator app.',
    },
    google: {
      continue: 'Continue with Google',
      redirecting: 'Redirecting to Google…',
      separator: 'or',
    },
  },
  home: {
    title: 'Home',
    greeting: 'Hello!',
    intro: 'You are signed in to Comptoir.',
    account: {
      title: 'Your account',
      email: 'Email address',
      id: 'Identifier',
      lastSignIn: 'Last sign-in',
    },
    health: {
      title: 'Service status',
      loading: 'Checking the service…',
      ok: 'Service operational',
      databaseTime: 'Database time',
      role: 'Role',
      aal: 'Authentication level',
      refresh: 'Refresh',
      refreshing: 'Refreshing…',
      paused: 'Offline: the check will resume automatically when you are back online.',
      reconnecting: 'Reconnecting to the server…',
      failed: 'The service could not be checked.',
      retry: 'Try again',
    },
  },
  errors: {
    network: 'Cannot reach the server. Check your connection and try again.',
    offline: 'You are offline. This action needs a connection.',
    invalidInput: 'Some information is not valid.',
    unauthenticated: 'Your session has expired. Sign in again.',
    forbidden: 'You do not have access to this action.',
    notFound: 'The requested item could not be found.',
    conflict: 'This item was changed in the meantime. Reload and try again.',
    payloadTooLarge: 'The content sent is too large.',
    rateLimited: 'Too many requests. Wait a moment before trying again.',
    internal: 'An unexpected error occurred. Try again in a moment.',
    unavailable: 'The service is temporarily unavailable. Try again in a moment.',
    databaseUnavailable: 'The database is temporarily unavailable. Try again in a moment.',
    methodNotAllowed: 'This operation is not supported.',
    rpc: rpcErrorsEn,
  },
  tenancy: tenancyEn,
  account: accountEn,
  crm: crmEn,
  sync: syncEn,
  pipeline: pipelineEn,
  activities: activitiesEn,
  tasks: tasksEn,
  scoring: scoringEn,
  shell: shellEn,
  vehicles: vehiclesEn,
};
