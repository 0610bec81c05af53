/** English messages for the error codes our RPCs raise: same keys as French. */
import type { rpcErrorsFr } from '../fr/rpc-errors.ts';

export const rpcErrorsEn: typeof rpcErrorsFr = {
  not_authenticated: 'Your session has expired. Please sign in again.',
  too_many_tenants: 'You already own the maximum number of companies (20).',
  invalid_input: 'A value is not valid. Please check the form.',
  unknown_field: 'The request contains an unknown field.',
  not_found: 'The item was not found or you do not have access to it.',
  confirmation_mismatch: 'The name you typed does not match. Nothing was deleted.',
  forbidden: 'Your role does not allow this action.',
  already_member: 'This person is already in the team.',
  already_invited: 'An invitation is already pending for this address. Resend it instead.',
  invitation_not_found: 'This invitation does not exist. Ask for a new link.',
  invitation_used: 'This invitation has already been accepted.',
  invitation_revoked: 'This invitation was cancelled. Ask for a new link.',
  invitation_expired: 'This invitation has expired. Ask for a new link.',
  invitation_email_mismatch:
    'This invitation was sent to another email address. Sign in with the account of the invited address.',
  email_not_confirmed: 'Please confirm your email address first.',
  role_above_own: 'You cannot give a role higher than your own.',
  cannot_change_owner: 'Only an owner can change or remove an owner.',
  last_owner: 'The company must keep at least one owner. Appoint another owner first.',
  mfa_required: 'This action requires two-factor authentication. Enter a code from your app.',
  immutable_field: 'This field cannot be changed.',
  plan_managed_by_billing: 'The plan is changed from billing.',
  invalid_state: 'This operation is not possible in the current state.',
  invitation_closed: 'This invitation is no longer pending.',
  audit_log_is_append_only: 'The audit log cannot be changed.',
  invitation_email_failed: 'The invitation email could not be sent. Please try again in a moment.',
  invitation_email_unknown:
    'The email service did not answer in time: the invitation may have been sent. Check the invitations list before resending it.',
  too_many_invitations: 'Too many invitations were sent recently. Please try again later.',
};
