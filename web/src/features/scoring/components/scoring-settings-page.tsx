/**
 * /parametres/score — the tenant's scoring weights (seed 001 A1 FR4, seed 002 "explicable et
 * ajustable"), for owners and admins (matrix resource `scoring_models`, update). One slider and one
 * number per signal; the top 10 before → after is recomputed live on the tenant's own records as
 * the weights move. Saving is a local write of the `scoring_models` row (works offline, synced
 * later; every device then scores with the new weights, and the server's nightly job too).
 */
import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import { Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { canAct } from '@shared/permissions/matrix.ts';
import { getContactDisplayName } from '@shared/crm/index.ts';
import {
  CONTACT_SIGNALS,
  DEFAULT_WEIGHTS,
  MAX_WEIGHT,
  OPPORTUNITY_SIGNALS,
  scoreContacts,
  scoreOpportunities,
  type ContactSignal,
  type OpportunitySignal,
  type ScoreResult,
  type ScoringKind,
} from '@shared/scoring/index.ts';
import { createRow, updateRow } from '@web/lib/db/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { TENANCY_PATHS, useCurrentTenant } from '@web/features/tenancy/index.ts';
import {
  Alert,
  Badge,
  Button,
  Card,
  ChoiceGroup,
  LoadingState,
  PageHeader,
  TextField,
  usePageTitle,
  useToast,
} from '@web/ui/index.ts';
import {
  getModelWeights,
  useContactScoring,
  useOpportunityScoring,
  useParisDay,
  type ScoringSnapshot,
} from '../hooks/use-scores.ts';
import { SIGNAL_LABEL_KEYS } from '../internal/explain.ts';
import { rankPreview, type PreviewRow } from '../internal/preview.ts';
import './scoring.css';

export function ScoringSettingsPage() {
  const { t } = useTranslation();
  usePageTitle(t('scoring.title'));
  const current = useCurrentTenant();
  let body;
  if (current.hasNoTenant) return <Navigate to={TENANCY_PATHS.onboarding} replace />;
  if (!current.tenant) {
    body =
      current.status === 'offline' ? (
        <Alert tone="warning">{t('tenancy.current.offline')}</Alert>
      ) : (
        <LoadingState label={t('scoring.settings.loading')} />
      );
  } else if (!canAct(current.tenant.role, 'scoring_models', 'update')) {
    body = <Alert tone="info">{t('scoring.settings.noAccess')}</Alert>;
  } else {
    body = <ScoringSettings key={current.tenant.id} />;
  }
  return (
    <div className="stack">
      <PageHeader title={t('scoring.title')} intro={t('scoring.settings.intro')} />
      {body}
    </div>
  );
}

function ScoringSettings() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ScoringKind>('opportunity');
  return (
    <>
      <ChoiceGroup
        legend={t('scoring.settings.kindLegend')}
        name="scoring-kind"
        value={kind}
        onChange={(value) => setKind(value === 'contact' ? 'contact' : 'opportunity')}
        choices={[
          { value: 'opportunity', label: t('scoring.settings.kindOpportunity') },
          { value: 'contact', label: t('scoring.settings.kindContact') },
        ]}
      />
      {kind === 'opportunity' ? <OpportunityWeights key="opportunity" /> : <ContactWeights key="contact" />}
    </>
  );
}

function OpportunityWeights() {
  const snapshot = useOpportunityScoring();
  const day = useParisDay();
  // Open deals only: a won deal is 100 and a lost one 0 whatever the weights.
  const score = useCallback(
    (s: ScoringSnapshot, weights: Readonly<Record<OpportunitySignal, number>>): Scored[] => {
      void day; // a new day, a new "now"
      const open = new Set(s.rows.stages.filter((stage) => stage.kind === 'open').map((stage) => stage.id));
      const byId = new Map(s.rows.opportunities.map((o) => [o.id, o]));
      return [...scoreOpportunities(s.rows, weights, new Date())].flatMap(([id, result]) => {
        const opportunity = byId.get(id);
        return opportunity && open.has(opportunity.stage_id) ? [{ id, name: opportunity.title, result }] : [];
      });
    },
    [day],
  );
  return <WeightsEditor kind="opportunity" signals={OPPORTUNITY_SIGNALS} snapshot={snapshot} score={score} />;
}

function ContactWeights() {
  const { t } = useTranslation();
  const snapshot = useContactScoring();
  const day = useParisDay();
  const score = useCallback(
    (s: ScoringSnapshot, weights: Readonly<Record<ContactSignal, number>>): Scored[] => {
      void day;
      const byId = new Map(s.rows.contacts.map((c) => [c.id, c]));
      return [...scoreContacts(s.rows, weights, new Date())].map(([id, result]) => {
        const contact = byId.get(id);
        const name = contact ? getContactDisplayName(contact) : '';
        return { id, name: name || t('scoring.settings.untitledContact'), result };
      });
    },
    [day, t],
  );
  return <WeightsEditor kind="contact" signals={CONTACT_SIGNALS} snapshot={snapshot} score={score} />;
}

type Scored = { readonly id: string; readonly name: string; readonly result: ScoreResult };

type WeightsEditorProps<S extends string> = {
  readonly kind: ScoringKind;
  readonly signals: readonly S[];
  readonly snapshot: ScoringSnapshot | undefined;
  readonly score: (snapshot: ScoringSnapshot, weights: Readonly<Record<S, number>>) => Scored[];
};

/** A weight as typed: valid when a whole number 0..MAX_WEIGHT. */
function parseWeight(text: string): number | null {
  if (!/^\d{1,3}$/.test(text.trim())) return null;
  const value = Number(text.trim());
  return value <= MAX_WEIGHT ? value : null;
}

function WeightsEditor<S extends string>({ kind, signals, snapshot, score }: WeightsEditorProps<S>) {
  const { t } = useTranslation();
  const showToast = useToast();
  const translateError = useTranslateError();
  const saved = useMemo(
    () => getModelWeights(snapshot)[kind] as unknown as Readonly<Record<S, number>>,
    [snapshot, kind],
  );
  const defaults = DEFAULT_WEIGHTS[kind] as unknown as Readonly<Record<S, number>>;
  // The draft starts from the saved weights once the replica has answered.
  const [draft, setDraft] = useState<Record<S, string> | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const texts: Record<S, string> =
    draft ?? (Object.fromEntries(signals.map((s) => [s, String(saved[s])])) as Record<S, string>);
  const effective = useMemo(
    () => Object.fromEntries(signals.map((s) => [s, parseWeight(texts[s]) ?? saved[s]])) as Record<S, number>,
    [signals, texts, saved],
  );
  const deferred = useDeferredValue(effective);
  const preview = useMemo<PreviewRow[] | undefined>(
    () => (snapshot ? rankPreview(score(snapshot, saved), score(snapshot, deferred)) : undefined),
    [snapshot, saved, deferred, score],
  );

  if (!snapshot) return <LoadingState label={t('scoring.settings.loading')} />;
  const invalid = signals.filter((s) => parseWeight(texts[s]) === null);
  const isDirty = signals.some((s) => parseWeight(texts[s]) !== saved[s]);

  const setWeight = (signal: S, text: string) => setDraft({ ...texts, [signal]: text });

  const save = async () => {
    if (invalid.length > 0 || isSaving) return;
    setIsSaving(true);
    setFailure(null);
    const weights = Object.fromEntries(signals.map((s) => [s, effective[s]]));
    try {
      const existing = snapshot.models.find((m) => m.kind === kind);
      if (existing) await updateRow('scoring_models', existing.id, { weights });
      else await createRow('scoring_models', { kind, weights });
      setDraft(null);
      showToast({ message: t('scoring.settings.saved') });
    } catch (error) {
      setFailure(`${t('scoring.settings.saveFailed')} ${translateError(error)}`);
    } finally {
      setIsSaving(false);
    }
  };

  const reset = () => {
    setDraft(Object.fromEntries(signals.map((s) => [s, String(defaults[s])])) as Record<S, string>);
    showToast({ message: t('scoring.settings.resetDone') });
  };

  return (
    <>
      <Card
        title={t('scoring.settings.weightsTitle')}
        titleAction={isDirty ? <Badge tone="warning">{t('scoring.settings.unsaved')}</Badge> : null}
      >
        <form
          className="scoring-weights"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          {signals.map((signal) => {
            const label = t(SIGNAL_LABEL_KEYS[signal as keyof typeof SIGNAL_LABEL_KEYS]);
            const isInvalid = invalid.includes(signal);
            return (
              <div key={signal} className="scoring-weight">
                <div className="scoring-weight__controls">
                  <input
                    type="range"
                    min={0}
                    max={MAX_WEIGHT}
                    step={1}
                    value={effective[signal]}
                    aria-label={t('scoring.settings.weightSliderLabel', { signal: label })}
                    onChange={(event) => setWeight(signal, event.target.value)}
                  />
                  <TextField
                    label={label}
                    hint={t('scoring.settings.weightHint')}
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={MAX_WEIGHT}
                    step={1}
                    value={texts[signal]}
                    error={isInvalid ? t('scoring.settings.weightInvalid') : undefined}
                    onChange={(event) => setWeight(signal, event.target.value)}
                  />
                </div>
              </div>
            );
          })}
          {failure ? <Alert tone="error">{failure}</Alert> : null}
          <div className="scoring-actions">
            <Button type="submit" isBusy={isSaving} aria-disabled={invalid.length > 0 || undefined}>
              {t('scoring.settings.save')}
            </Button>
            <Button type="button" variant="secondary" onClick={reset}>
              {t('scoring.settings.reset')}
            </Button>
          </div>
        </form>
      </Card>
      <Card title={t('scoring.settings.previewTitle')} subtitle={t('scoring.settings.previewIntro')}>
        <PreviewTable rows={preview ?? []} />
      </Card>
    </>
  );
}

function PreviewTable({ rows }: { readonly rows: readonly PreviewRow[] }) {
  const { t } = useTranslation();
  if (rows.length === 0) return <p>{t('scoring.settings.previewEmpty')}</p>;
  return (
    <table className="scoring-preview">
      <thead>
        <tr>
          <th scope="col">{t('scoring.settings.previewName')}</th>
          <th scope="col">{t('scoring.settings.previewBefore')}</th>
          <th scope="col">{t('scoring.settings.previewAfter')}</th>
          <th scope="col">{t('scoring.settings.previewChange')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const moved = row.rankBefore - row.rankAfter;
          let change: string;
          let tone = '';
          if (row.rankBefore > rows.length) {
            change = t('scoring.settings.rankNew');
            tone = 'up';
          } else if (moved > 0) {
            change = t('scoring.settings.rankUp', { count: moved });
            tone = 'up';
          } else if (moved < 0) {
            change = t('scoring.settings.rankDown', { count: -moved });
            tone = 'down';
          } else {
            change = t('scoring.settings.rankSame');
          }
          return (
            <tr key={row.id}>
              <td>{row.name}</td>
              <td>
                {row.scoreBefore} (#{row.rankBefore})
              </td>
              <td>
                <strong>{row.scoreAfter}</strong> (#{row.rankAfter})
              </td>
              <td className={tone ? `scoring-preview__change--${tone}` : undefined}>{change}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
