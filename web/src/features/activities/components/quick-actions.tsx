/**
 * Quick actions (seed 001 D3), for a contact card, a company or an opportunity and the home
 * screen: log a call in two taps ("Appel", then an outcome chip — saved at once, with "Annuler"
 * and "Ajouter des détails"), a quick note (dictated where the browser can), and "plan the next
 * step", a task for the user due tomorrow, in three days or next week. Every write goes to the
 * replica and the outbox: it works in a train tunnel and syncs when the network returns.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActivityOutcome } from '@shared/sales/index.ts';
import { createRow, UNDO_WINDOW_MS, useReplicaQuery, type Undo } from '@web/lib/db/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { Alert, Button, useToast } from '@web/ui/index.ts';
import { useActivitiesContext, type ActivitiesContext } from '../hooks/use-activities-context.ts';
import { CALL_OUTCOMES, OUTCOME_KEYS } from '../internal/labels.ts';
import { LogActivityDialog, type ActivityLinks } from './log-activity-dialog.tsx';
import { PlanNextStep } from './plan-next-step.tsx';
import { QuickNote } from './quick-note.tsx';
import './activities.css';

export type QuickActionsProps = {
  readonly contactId?: string | null | undefined;
  readonly companyId?: string | null | undefined;
  readonly opportunityId?: string | null | undefined;
};

type Mode = 'call' | 'note' | 'next' | null;
type Logged = { readonly id: string; readonly outcome: ActivityOutcome; readonly undo: Undo };

export function QuickActions(props: QuickActionsProps) {
  const context = useActivitiesContext();
  if (!context || (!context.canLog && !context.canPlanTask)) return null;
  return <QuickActionsPanel {...props} context={context} />;
}

function QuickActionsPanel({
  contactId = null,
  companyId = null,
  opportunityId = null,
  context,
}: QuickActionsProps & { readonly context: ActivitiesContext }) {
  const { t } = useTranslation();
  const showToast = useToast();
  const translateError = useTranslateError();
  const [mode, setMode] = useState<Mode>(null);
  const [logged, setLogged] = useState<Logged | null>(null);
  const [isEditing, setIsEditing] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const links: ActivityLinks = { contact_id: contactId, company_id: companyId, opportunity_id: opportunityId };
  const loggedRow = useReplicaQuery(
    async (db) => (logged ? ((await db.activities.get(logged.id)) ?? null) : null),
    [logged?.id],
    null,
  );

  const toggle = (next: Exclude<Mode, null>) => setMode((current) => (current === next ? null : next));

  const undo = async (entry: Logged) => {
    setLogged(null);
    const isUndone = await entry.undo();
    showToast({ message: isUndone ? t('activities.quick.undone') : t('activities.quick.undoTooLate') });
  };

  const logCall = async (outcome: ActivityOutcome) => {
    setFailure(null);
    try {
      const { id, undo: undoCall } = await createRow('activities', {
        kind: 'call',
        outcome,
        occurred_at: new Date().toISOString(),
        contact_id: contactId,
        company_id: companyId,
        opportunity_id: opportunityId,
      });
      const entry: Logged = { id, outcome, undo: undoCall };
      setLogged(entry);
      setMode(null);
      showToast({
        message: t('activities.quick.callLogged', { outcome: t(OUTCOME_KEYS[outcome]) }),
        actionLabel: t('activities.quick.undo'),
        durationMs: UNDO_WINDOW_MS,
        onAction: () => undo(entry),
      });
    } catch (error) {
      setFailure(translateError(error));
    }
  };

  return (
    <section className="quick-actions" aria-label={t('activities.quick.title')}>
      <div className="quick-actions__bar">
        {context.canLog ? (
          <>
            <button
              type="button"
              className="quick-actions__button"
              aria-expanded={mode === 'call'}
              onClick={() => toggle('call')}
            >
              {t('activities.quick.call')}
            </button>
            <button
              type="button"
              className="quick-actions__button"
              aria-expanded={mode === 'note'}
              onClick={() => toggle('note')}
            >
              {t('activities.quick.note')}
            </button>
          </>
        ) : null}
        {context.canPlanTask ? (
          <button
            type="button"
            className="quick-actions__button"
            aria-expanded={mode === 'next'}
            onClick={() => toggle('next')}
          >
            {t('activities.quick.nextStep')}
          </button>
        ) : null}
      </div>
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      {mode === 'call' ? (
        <fieldset className="quick-actions__panel">
          <legend className="quick-actions__legend">{t('activities.quick.callLegend')}</legend>
          <div className="chip-row">
            {CALL_OUTCOMES.map((outcome) => (
              <button key={outcome} type="button" className="chip chip--large" onClick={() => void logCall(outcome)}>
                {t(OUTCOME_KEYS[outcome])}
              </button>
            ))}
          </div>
        </fieldset>
      ) : null}
      {mode === 'note' ? <QuickNote links={links} onDone={() => setMode(null)} /> : null}
      {mode === 'next' ? <PlanNextStep context={context} links={links} onDone={() => setMode(null)} /> : null}
      {logged ? (
        <div className="quick-actions__done">
          <p>{t('activities.quick.callLogged', { outcome: t(OUTCOME_KEYS[logged.outcome]) })}</p>
          <div className="quick-actions__done-actions">
            <Button variant="secondary" onClick={() => setIsEditing(true)} disabled={!loggedRow}>
              {t('activities.quick.addDetails')}
            </Button>
            <Button variant="ghost" onClick={() => void undo(logged)}>
              {t('activities.quick.undo')}
            </Button>
          </div>
        </div>
      ) : null}
      {isEditing && loggedRow ? (
        <LogActivityDialog
          context={context}
          links={links}
          activity={loggedRow}
          onClose={() => {
            setIsEditing(false);
            setLogged(null);
          }}
        />
      ) : null}
    </section>
  );
}
