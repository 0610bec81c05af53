/**
 * /contacts/import — the CSV import wizard: pick a file (drag and drop or the file input), check
 * the guessed column mapping, preview the first rows with their problems highlighted, then
 * validate every row (progress bar; the work yields to the UI between chunks) and write
 * (companies named in the file first, then contacts created or completed, in chunks, progress
 * bar). The summary counts created / merged / rejected rows with reasons, and the per-row
 * report downloads as CSV. Every write goes through the outbox like an edit made by hand: the
 * server may still refuse some later, and those wait in "À traiter".
 */
import { useMemo, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  buildImportReportCsv,
  CONTACT_IMPORT_FIELDS,
  decodeCsvBytes,
  guessMapping,
  parseCsv,
  planImport,
  validateContactImportRows,
  type ColumnMapping,
  type ContactImportRow,
  type ContactImportValues,
  type ImportField,
  type ImportOutcome,
  type ImportPlan,
} from '@shared/crm/csv-import.ts';
import { buildCompanyDuplicateIndex, buildDuplicateIndex } from '@shared/crm/duplicates.ts';
import { createRow, updateRow } from '@web/lib/db/index.ts';
import { useLanguage } from '@web/i18n/index.ts';
import { Alert, AppLink, Button, Card, downloadText, PageHeader, SelectField, usePageTitle } from '@web/ui/index.ts';
import type { CrmContext } from '../hooks/use-crm-context.ts';
import { useCompanies, useContacts } from '../hooks/use-replica-rows.ts';
import { buildExportFileName } from '../internal/download.ts';
import { getImportRuleKey, IMPORT_FIELD_KEYS, toReportKey } from '../internal/import-labels.ts';
import { CRM_PATHS } from '../paths.ts';
import { CrmGate } from './crm-gate.tsx';
import './crm.css';

const PREVIEW_ROWS = 10;
/** Writes between two yields to the UI (each is one Dexie transaction). */
const WRITE_CHUNK = 100;

type Parsed = { readonly fileName: string; readonly headers: string[]; readonly rows: string[][] };
type Progress = { readonly phase: 'validating' | 'writing'; readonly done: number; readonly total: number };
type Result = { readonly plan: ImportPlan<ContactImportValues>; readonly outcomes: ImportOutcome[] };

const yieldToUi = () => new Promise<void>((resolve) => window.setTimeout(resolve, 0));

export function ImportPage() {
  const { t } = useTranslation();
  usePageTitle(t('crm.import.title'));
  return (
    <div className="stack crm-page">
      <AppLink to={CRM_PATHS.contacts}>{t('crm.common.back')}</AppLink>
      <PageHeader title={t('crm.import.title')} intro={t('crm.import.intro')} />
      <CrmGate>
        {(context) =>
          context.canCreate ? <ImportWizard context={context} /> : <Alert tone="info">{t('crm.common.noAccess')}</Alert>
        }
      </CrmGate>
    </div>
  );
}

function ImportWizard({ context }: { readonly context: CrmContext }) {
  const { t } = useTranslation();
  const [parsed, setParsed] = useState<Parsed | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>([]);
  const [fileError, setFileError] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);

  const readFile = async (file: File) => {
    setFileError(null);
    try {
      const { text } = decodeCsvBytes(new Uint8Array(await file.arrayBuffer()));
      const csv = parseCsv(text);
      if (csv.rows.length === 0) {
        setFileError(t('crm.import.empty'));
        return;
      }
      setParsed({ fileName: file.name, headers: csv.headers, rows: csv.rows });
      setMapping(guessMapping(csv.headers, 'contacts'));
    } catch {
      setFileError(t('crm.import.parseError'));
    }
  };

  if (result) {
    return (
      <ImportResult
        result={result}
        onRestart={() => {
          setResult(null);
          setParsed(null);
        }}
      />
    );
  }
  if (!parsed) return <FilePicker error={fileError} onFile={(file) => void readFile(file)} />;
  return (
    <MappingAndPreview
      context={context}
      parsed={parsed}
      mapping={mapping}
      onMappingChange={setMapping}
      onBack={() => setParsed(null)}
      onDone={setResult}
    />
  );
}

function FilePicker({ error, onFile }: { readonly error: string | null; readonly onFile: (file: File) => void }) {
  const { t } = useTranslation();
  const inputRef = useRef<HTMLInputElement>(null);
  const [isOver, setIsOver] = useState(false);
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setIsOver(false);
    const file = event.dataTransfer.files[0];
    if (file) onFile(file);
  };
  return (
    <Card>
      <div
        className={isOver ? 'drop-zone drop-zone--active' : 'drop-zone'}
        onDragOver={(event) => {
          event.preventDefault();
          setIsOver(true);
        }}
        onDragLeave={() => setIsOver(false)}
        onDrop={onDrop}
      >
        <p>{t('crm.import.drop')}</p>
        <label className="button button--primary">
          {t('crm.import.choose')}
          <input
            ref={inputRef}
            type="file"
            accept=".csv,text/csv,text/plain"
            className="visually-hidden"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) onFile(file);
              event.target.value = '';
            }}
          />
        </label>
      </div>
      {error ? <Alert tone="error">{error}</Alert> : null}
    </Card>
  );
}

function MappingAndPreview({
  context,
  parsed,
  mapping,
  onMappingChange,
  onBack,
  onDone,
}: {
  readonly context: CrmContext;
  readonly parsed: Parsed;
  readonly mapping: ColumnMapping;
  readonly onMappingChange: (mapping: ColumnMapping) => void;
  readonly onBack: () => void;
  readonly onDone: (result: Result) => void;
}) {
  const { t } = useTranslation();
  const contacts = useContacts();
  const companies = useCompanies();
  const [preview, setPreview] = useState<ContactImportRow[] | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [previewKey, setPreviewKey] = useState('');
  const importContext = useMemo(
    () => ({
      contactIndex: buildDuplicateIndex(contacts ?? []),
      companyIndex: buildCompanyDuplicateIndex(companies ?? []),
      defaults: { owner_id: context.userId },
    }),
    [contacts, companies, context.userId],
  );

  // The preview follows the mapping: re-validate the first rows whenever it changes.
  const mappingKey = mapping.join('|');
  if (previewKey !== mappingKey) {
    setPreviewKey(mappingKey);
    setPreview(null);
    void validateContactImportRows(parsed.rows.slice(0, PREVIEW_ROWS), mapping, importContext).then(setPreview);
  }

  const fieldOptions = [
    { value: '', label: t('crm.import.ignore') },
    ...CONTACT_IMPORT_FIELDS.map((field) => ({ value: field, label: t(IMPORT_FIELD_KEYS[field]) })),
  ];

  const run = async () => {
    const total = parsed.rows.length;
    setProgress({ phase: 'validating', done: 0, total });
    const results = await validateContactImportRows(parsed.rows, mapping, importContext, {
      chunkSize: 500,
      onProgress: (done) => setProgress({ phase: 'validating', done, total }),
    });
    const plan = planImport(results);
    const writes = plan.companiesToCreate.length + plan.create.length + plan.merge.length;
    let done = 0;
    const step = async () => {
      done += 1;
      if (done % WRITE_CHUNK === 0) {
        setProgress({ phase: 'writing', done, total: writes });
        await yieldToUi();
      }
    };
    setProgress({ phase: 'writing', done: 0, total: writes });
    const failed = new Map<number, string>();
    const companyIds = new Map<string, string>();
    for (const name of plan.companiesToCreate) {
      try {
        companyIds.set(name, (await createRow('companies', { name, owner_id: context.userId })).id);
      } catch {
        // The contacts then import without their company rather than not at all.
      }
      await step();
    }
    for (const entry of plan.create) {
      const companyId = entry.companyName ? companyIds.get(entry.companyName) : undefined;
      try {
        await createRow('contacts', { ...entry.values, ...(companyId ? { company_id: companyId } : {}) });
      } catch {
        failed.set(entry.rowNumber, 'write_failed');
      }
      await step();
    }
    for (const entry of plan.merge) {
      const companyId = entry.companyName ? companyIds.get(entry.companyName) : undefined;
      const patch = { ...entry.patch, ...(companyId ? { company_id: companyId } : {}) };
      try {
        if (Object.keys(patch).length > 0) await updateRow('contacts', entry.targetId, patch);
      } catch {
        failed.set(entry.rowNumber, 'write_failed');
      }
      await step();
    }
    const outcomes = plan.outcomes.map((outcome) =>
      failed.has(outcome.rowNumber)
        ? { ...outcome, status: 'rejected' as const, reasons: [{ field: 'row', rule: 'write_failed' }] }
        : outcome,
    );
    onDone({ plan, outcomes });
  };

  const percent = progress && progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0;

  return (
    <>
      <Card title={t('crm.import.mappingTitle')} subtitle={t('crm.import.mappingIntro')}>
        <div className="form-grid form-grid--two">
          {parsed.headers.map((header, column) => (
            <SelectField
              key={`${column}-${header}`}
              label={header || `#${column + 1}`}
              value={mapping[column] ?? ''}
              options={fieldOptions}
              disabled={progress !== null}
              onChange={(event) => {
                const next = [...mapping];
                next[column] = (event.target.value || null) as ImportField | null;
                onMappingChange(next);
              }}
            />
          ))}
        </div>
      </Card>
      <Card
        title={t('crm.import.previewTitle')}
        subtitle={t('crm.import.previewIntro', { count: Math.min(PREVIEW_ROWS, parsed.rows.length) })}
      >
        <div className="table-scroll">
          <table className="table import-preview">
            <thead>
              <tr>
                <th scope="col">{t('crm.import.row')}</th>
                {parsed.headers.map((header, column) => (
                  <th key={`${column}-${header}`} scope="col">
                    {header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {parsed.rows.slice(0, PREVIEW_ROWS).map((cells, index) => {
                const checked = preview?.[index];
                const badFields = new Set(checked?.errors.map((issue) => issue.field) ?? []);
                return (
                  <tr key={index}>
                    <th scope="row">{index + 2}</th>
                    {parsed.headers.map((header, column) => {
                      const field = mapping[column];
                      const isBad =
                        field !== null &&
                        field !== undefined &&
                        (badFields.has(field) ||
                          (field === 'full_name' && (badFields.has('first_name') || badFields.has('last_name'))) ||
                          (field === 'company_name' && badFields.has('company_id')));
                      return (
                        <td key={`${column}-${header}`} aria-invalid={isBad || undefined}>
                          {cells[column] ?? ''}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {preview ? <RowProblems rows={preview} /> : null}
      </Card>
      {progress ? (
        <div className="stack" role="status" aria-live="polite">
          <p>
            {progress.phase === 'validating'
              ? t('crm.import.validating')
              : t('crm.import.writing', { done: progress.done, total: progress.total })}
          </p>
          <progress className="import-progress" max={100} value={percent} aria-label={t('crm.import.progress')} />
        </div>
      ) : null}
      <div className="form-actions form-actions--between">
        <Button variant="secondary" onClick={onBack} disabled={progress !== null}>
          {t('crm.import.back')}
        </Button>
        {/* Duplicates are looked for in the replica: wait until it is read (after a first sync). */}
        <Button
          isBusy={progress !== null || contacts === undefined || companies === undefined}
          onClick={() => void run()}
        >
          {t('crm.import.start')}
        </Button>
      </div>
    </>
  );
}

function RowProblems({ rows }: { readonly rows: readonly ContactImportRow[] }) {
  const { t } = useTranslation();
  const bad = rows.filter((row) => row.errors.length > 0);
  if (bad.length === 0) return null;
  return (
    <ul className="import-problems">
      {bad.map((row) => (
        <li key={row.rowNumber}>
          {t('crm.import.rowErrors', {
            row: row.rowNumber,
            reasons: row.errors.map((issue) => t(getImportRuleKey(issue.field, issue.rule))).join(' · '),
          })}
        </li>
      ))}
    </ul>
  );
}

function ImportResult({ result, onRestart }: { readonly result: Result; readonly onRestart: () => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const counts = {
    created: result.outcomes.filter((o) => o.status === 'created').length,
    merged: result.outcomes.filter((o) => o.status === 'merged').length,
    rejected: result.outcomes.filter((o) => o.status === 'rejected').length,
  };
  const rejected = result.outcomes.filter((outcome) => outcome.status === 'rejected');
  const download = () => {
    const csv = buildImportReportCsv(
      { outcomes: result.outcomes },
      {
        locale: language,
        translate: (key) => {
          const appKey = toReportKey(key);
          return appKey ? t(appKey) : key;
        },
      },
    );
    downloadText(buildExportFileName('import-contacts'), csv);
  };
  return (
    <Card title={t('crm.import.resultTitle')}>
      <ul className="import-summary" role="status">
        <li>{t('crm.import.created', { count: counts.created })}</li>
        <li>{t('crm.import.merged', { count: counts.merged })}</li>
        <li>{t('crm.import.rejected', { count: counts.rejected })}</li>
      </ul>
      {rejected.length > 0 ? (
        <>
          <h3>{t('crm.import.reasons')}</h3>
          <ul className="import-problems">
            {rejected.slice(0, 100).map((outcome) => (
              <li key={outcome.rowNumber}>
                {t('crm.import.rowErrors', {
                  row: outcome.rowNumber,
                  reasons: outcome.reasons.map((issue) => t(getImportRuleKey(issue.field, issue.rule))).join(' · '),
                })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div className="form-actions">
        <Button variant="secondary" onClick={download}>
          {t('crm.import.download')}
        </Button>
        <Button variant="ghost" onClick={onRestart}>
          {t('crm.import.again')}
        </Button>
        <AppLink to={CRM_PATHS.contacts} asButton="primary">
          {t('crm.import.toList')}
        </AppLink>
      </div>
    </Card>
  );
}
