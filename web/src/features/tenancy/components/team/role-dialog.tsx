/**
 * Changing a member's role. The picker offers only what the actor may grant (the matrix's
 * rules: nobody above their own rank, owners changed by owners only); the database applies the
 * same rules, plus the last-owner rule, and its refusal is shown here in words.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canChangeRole, listGrantableRoles, type MatrixRole, type TenantRole } from '@shared/permissions/roles.ts';
import { Alert, Button, ChoiceGroup, Dialog } from '@web/ui/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { ROLE_DESCRIPTION_KEY, ROLE_LABEL_KEY } from '@web/features/tenancy/internal/labels.ts';

/** Roles `actor` may move a member holding `current` to, in picker order. */
export function listRoleChoices(actor: MatrixRole, current: TenantRole): TenantRole[] {
  return listGrantableRoles(actor).filter((role) => canChangeRole(actor, current, role));
}

export type RoleDialogProps = {
  readonly isOpen: boolean;
  readonly memberName: string;
  readonly actorRole: MatrixRole;
  readonly currentRole: TenantRole;
  readonly isSaving: boolean;
  readonly error: unknown;
  readonly onSave: (role: TenantRole) => void;
  readonly onClose: () => void;
};

export function RoleDialog({
  isOpen,
  memberName,
  actorRole,
  currentRole,
  isSaving,
  error,
  onSave,
  onClose,
}: RoleDialogProps) {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const [role, setRole] = useState<TenantRole>(currentRole);
  const checkedRef = useRef<HTMLInputElement>(null);
  const choices = listRoleChoices(actorRole, currentRole);
  return (
    <Dialog
      isOpen={isOpen}
      title={t('tenancy.team.roleDialog.title', { name: memberName })}
      onClose={onClose}
      // Start on the current role: arrow keys then move to the neighbouring ones.
      initialFocusRef={checkedRef}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('tenancy.common.cancel')}
          </Button>
          <Button
            isBusy={isSaving}
            onClick={() => {
              if (role === currentRole) onClose();
              else onSave(role);
            }}
          >
            {t('tenancy.team.roleDialog.submit')}
          </Button>
        </>
      }
    >
      <ChoiceGroup
        ref={checkedRef}
        legend={t('tenancy.team.roleDialog.legend')}
        hint={t('tenancy.team.roleDialog.hint')}
        name="role"
        value={role}
        choices={choices.map((choice) => ({
          value: choice,
          label: t(ROLE_LABEL_KEY[choice]),
          description: t(ROLE_DESCRIPTION_KEY[choice]),
        }))}
        onChange={(value) => {
          const next = choices.find((choice) => choice === value);
          if (next) setRole(next);
        }}
      />
      {error ? <Alert tone="error">{translateError(error)}</Alert> : null}
    </Dialog>
  );
}
