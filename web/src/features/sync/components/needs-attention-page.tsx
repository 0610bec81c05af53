/**
 * /a-traiter — writes the server refused (invalid value, lost right, a SIRET another device took,
 * a record deleted meanwhile). Nothing is dropped silently: each refusal keeps the user's data in
 * an editable form; "Renvoyer" queues the corrected data again, "Abandonner" (after a
 * confirmation) drops it and the record returns to the server's version.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { discardRejection, retryRejection, useRejections, ValidationError, type Rejection } from '@web/lib/db/index.ts';
import { useLanguage, useTranslateError } from '@web/i18n/index.ts';
import {
  Alert,
  AppLink,
  Badge,
  Button,
  Card,
  CheckboxField,
  ConfirmDialog,
  LiveNotice,
  PageHeader,
  TextField,
  useNow,
  usePageTitle,
} from '@web/ui/index.ts';
import {
  buildCompanyPath,
  buildContactPath,
  getFieldLabelKey,
  toFieldErrorKeys,
  type ErrorKey,
} from '@web/features/crm/index.ts';
import { buildOpportunityPath } from '@web/features/pipeline/index.ts';
import { formatRelativeTime } from '../internal/relative-time.ts';
import { toDraft, fromDraft, type Draft } from '../internal/rejection-draft.ts';
import './sync.css';

const CODE_KEYS = {
  invalid: 'crm.attention.codes.invalid',
  forbidden: 'crm.attention.codes.forbidden',
  not_found: 'crm.attention.codes.not_found',
  deleted: 'crm.attention.codes.deleted',
  conflict: 'crm.attention.codes.conflict',
  unknown_field: 'crm.attention.codes.unknown_field',
  not_a_member: 'crm.attention.codes.not_a_member',
} as const satisfies Record<Rejection['code'], string>;

const OP_KEYS = {
  insert: 'crm.attention.ops.insert',
  update: 'crm.attention.ops.update',
  delete: 'crm.attention.ops.delete',
} as const satisfies Record<Rejection['op'], string>;

const TABLE_KEYS = {
  companies: 'crm.attention.tables.companies',
  contacts: 'crm.attention.tables.contacts',
  pipeline_stages: 'crm.attention.tables.pipeline_stages',
  opportunities: 'crm.attention.tables.opportunities',
  opportunity_stage_history: 'crm.attention.tables.opportunity_stage_history',
  activities: 'crm.attention.tables.activities',
  tasks: 'crm.attention.tables.tasks',
  comments: 'crm.attention.tables.comments',
  notifications: 'crm.attention.tables.notifications',
  scoring_models: 'crm.attention.tables.scoring_models',
  sales_documents: 'crm.attention.tables.sales_documents',
  sales_document_lines: 'crm.attention.tables.sales_document_lines',
} as const satisfies Record<Rejection['table'], string>;

/** The page of the record a rejected write was about, when it has one of its own. */
function buildRecordPath(table: Rejection['table'], id: string): string | null {
  if (table === 'contacts') return buildContactPath(id);
  if (table === 'companies') return buildCompanyPath(id);
  if (table === 'opportunities') return buildOpportunityPath(id);
  return null;
}

export function NeedsAttentionPage() {
  const { t } = useTranslation();
  usePageTitle(t('crm.attention.title'));
  const rejections = useRejections();
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <div className="stack">
      <div>
        <PageHeader title={t('crm.attention.title')} intro={t('crm.attention.intro')} />
        <LiveNotice message={notice} onDismiss={() => setNotice(null)} />
      </div>
      {rejections.length === 0 ? (
        <div className="empty-state">
          <p>{t('crm.attention.empty')}</p>
        </div>
      ) : (
        rejections.map((rejection) => <RejectionCard key={rejection.id} rejection={rejection} onNotice={setNotice} />)
      )}
    </div>
  );
}

/** Ids the user cannot type sensibly (owner, company): shown only when the server named them. */
const ID_FIELDS = new Set(['owner_id', 'company_id']);

/**
 * The fields worth showing: the ones the server named first, then those holding data. The
 * others stay in the draft untouched, so "Renvoyer" sends them as they were.
 */
function listShownFields(draft: Draft, offending: readonly string[]): [string, string | boolean][] {
  const entries = Object.entries(draft);
  const named = entries.filter(([field]) => offending.includes(field));
  const filled = entries.filter(
    ([field, value]) => !offending.includes(field) && !ID_FIELDS.has(field) && value !== '' && value !== '{}',
  );
  return [...named, ...filled];
}

/** "Camille Moreau", the company's name, else the e-mail: how the user recognises the record. */
function describeRejection(rejection: Rejection): string {
  const fields = rejection.fields;
  const text = (key: string) => (typeof fields[key] === 'string' ? (fields[key] as string).trim() : '');
  const name = [text('first_name'), text('last_name')].filter(Boolean).join(' ');
  return text('name') || name || text('email') || rejection.rowId;
}

function RejectionCard({
  rejection,
  onNotice,
}: {
  readonly rejection: Rejection;
  readonly onNotice: (message: string) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const translateError = useTranslateError();
  const now = useNow();
  const [draft, setDraft] = useState<Draft>(() => toDraft(rejection.fields));
  const [errors, setErrors] = useState<Readonly<Record<string, ErrorKey | 'crm.attention.invalidJson'>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [isConfirming, setIsConfirming] = useState(false);
  const offending = new Set(rejection.offending);
  const recordPath = buildRecordPath(rejection.table, rejection.rowId);
  const title = `${t(TABLE_KEYS[rejection.table])} · ${describeRejection(rejection)}`;

  const resend = async () => {
    const parsed = fromDraft(draft, rejection.fields);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setIsBusy(true);
    setFailure(null);
    try {
      await retryRejection(rejection.id, parsed.fields);
      onNotice(t('crm.attention.resent'));
    } catch (error) {
      if (error instanceof ValidationError) setErrors(toFieldErrorKeys(error.fields));
      else setFailure(translateError(error));
    } finally {
      setIsBusy(false);
    }
  };

  const discard = async () => {
    setIsBusy(true);
    try {
      await discardRejection(rejection.id);
      setIsConfirming(false);
      onNotice(t('crm.attention.discarded'));
    } catch (error) {
      setFailure(translateError(error));
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <Card
      title={title}
      subtitle={`${t(OP_KEYS[rejection.op])} · ${t('crm.attention.rejectedAt', {
        when: formatRelativeTime(rejection.rejectedAt, now, language),
      })}`}
      titleAction={<Badge tone="error">{t('crm.attention.title')}</Badge>}
    >
      <div className="rejection">
        <Alert tone="warning">{t(CODE_KEYS[rejection.code])}</Alert>
        <form
          className="rejection__fields"
          aria-label={t('crm.attention.dataTitle')}
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void resend();
          }}
        >
          {rejection.op === 'delete' ? <p>{t('crm.attention.deleteData')}</p> : null}
          {listShownFields(draft, rejection.offending).map(([field, value]) => {
            const labelKey = getFieldLabelKey(field);
            const label = labelKey ? t(labelKey) : field;
            const errorKey = errors[field];
            const error = errorKey ? t(errorKey) : offending.has(field) ? t(CODE_KEYS[rejection.code]) : undefined;
            return typeof value === 'boolean' ? (
              <CheckboxField
                key={field}
                label={label}
                checked={value}
                onChange={(event) => setDraft({ ...draft, [field]: event.target.checked })}
              />
            ) : (
              <TextField
                key={field}
                label={label}
                value={value}
                error={error}
                onChange={(event) => setDraft({ ...draft, [field]: event.target.value })}
              />
            );
          })}
          {failure ? <Alert tone="error">{failure}</Alert> : null}
          <div className="form-actions form-actions--between">
            {rejection.op === 'delete' || recordPath === null ? (
              <span />
            ) : (
              <AppLink to={recordPath}>{t('crm.attention.open')}</AppLink>
            )}
            <div className="form-actions__end">
              <Button variant="secondary" onClick={() => setIsConfirming(true)}>
                {t('crm.attention.discard')}
              </Button>
              <Button type="submit" isBusy={isBusy}>
                {t('crm.attention.resend')}
              </Button>
            </div>
          </div>
        </form>
      </div>
      <ConfirmDialog
        isOpen={isConfirming}
        title={t('crm.attention.discardTitle')}
        description={t('crm.attention.discardBody')}
        confirmLabel={t('crm.attention.discard')}
        cancelLabel={t('crm.common.cancel')}
        tone="danger"
        isBusy={isBusy}
        onConfirm={() => void discard()}
        onCancel={() => setIsConfirming(false)}
      />
    </Card>
  );
}
