/**
 * Search, filters, sort and saved views of the contacts list, on the shared view model
 * (shared/crm/views.ts): the view lives in the URL (buildViewSearchParams), and saved views are
 * its serializeView text, per user and company on this device. Date filters are calendar days in
 * the company's time zone, both ends included. "Dernier contact" filters `last_contacted_at`,
 * which activities will fill: until then only contacts with a date match a range.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DEFAULT_VIEW,
  NO_OWNER,
  parseView,
  serializeView,
  type ContactSortField,
  type ViewFilter,
} from '@shared/crm/views.ts';
import { Button, SelectField, TextField, type SelectOption } from '@web/ui/index.ts';
import type { CrmContext } from '../hooks/use-crm-context.ts';
import { useSavedViews } from '../internal/saved-views.ts';

const SORTS = {
  'name:asc': 'crm.list.sort.name_asc',
  'name:desc': 'crm.list.sort.name_desc',
  'company:asc': 'crm.list.sort.company_asc',
  'created_at:desc': 'crm.list.sort.created_desc',
  'created_at:asc': 'crm.list.sort.created_asc',
  'updated_at:desc': 'crm.list.sort.updated_desc',
  'last_contacted_at:desc': 'crm.list.sort.last_contact_desc',
} as const;
type SortKey = keyof typeof SORTS;

/** How many filters (not search, not sort) the view applies. */
export function countContactFilters(view: ViewFilter): number {
  return [
    (view.tags?.length ?? 0) > 0,
    (view.ownerIds?.length ?? 0) > 0,
    Boolean(view.createdFrom || view.createdTo),
    Boolean(view.lastContactFrom || view.lastContactTo),
  ].filter(Boolean).length;
}

/** A view without its empty parts (an emptied date field must not keep an empty string). */
function withPart<K extends keyof ViewFilter>(view: ViewFilter, key: K, value: ViewFilter[K] | undefined): ViewFilter {
  const next: Record<string, unknown> = { ...view };
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) delete next[key];
  else next[key] = value;
  return next as ViewFilter;
}

export type ContactToolbarProps = {
  readonly context: CrmContext;
  readonly view: ViewFilter;
  readonly tags: readonly string[];
  readonly onChange: (view: ViewFilter) => void;
  readonly onNotice: (message: string) => void;
};

export function ContactToolbar({ context, view, tags, onChange, onNotice }: ContactToolbarProps) {
  const { t } = useTranslation();
  const saved = useSavedViews('contacts', context.userId, context.tenant.id);
  const [viewName, setViewName] = useState('');
  const [nameError, setNameError] = useState<string | undefined>(undefined);
  // Saved views keep filters and sort, not the search text of the moment.
  const current = serializeView(withPart(view, 'query', undefined));
  const currentSaved = saved.views.find((candidate) => candidate.params === current);
  const activeCount = countContactFilters(view);
  const owner = view.ownerIds?.[0] ?? '';
  const ownerValue = owner === context.userId ? 'me' : owner;
  const sortKey = `${view.sort.field}:${view.sort.dir}`;

  const ownerOptions: SelectOption[] = [
    { value: '', label: t('crm.filters.anyOwner') },
    { value: 'me', label: t('crm.common.me') },
    { value: NO_OWNER, label: t('crm.common.unassigned') },
    ...context.members
      .filter((member) => member.user_id !== context.userId)
      .map((member) => ({ value: member.user_id, label: member.display_name ?? member.email })),
  ];
  const dateField = (key: 'createdFrom' | 'createdTo' | 'lastContactFrom' | 'lastContactTo', label: string) => (
    <TextField
      label={label}
      type="date"
      value={view[key] ?? ''}
      onChange={(event) => onChange(withPart(view, key, event.target.value))}
    />
  );

  return (
    <div className="list-toolbar">
      <div className="list-toolbar__search">
        <TextField
          label={t('crm.list.searchLabel')}
          type="search"
          value={view.query ?? ''}
          placeholder={t('crm.list.contactsPlaceholder')}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => onChange(withPart(view, 'query', event.target.value))}
        />
      </div>
      <details className="list-toolbar__filters" open={activeCount > 0 ? true : undefined}>
        <summary>
          {t('crm.filters.title')}
          {activeCount > 0 ? ` · ${t('crm.filters.active', { count: activeCount })}` : null}
        </summary>
        <div className="list-toolbar__grid">
          <SelectField
            label={t('crm.filters.tag')}
            value={view.tags?.[0] ?? ''}
            options={[
              { value: '', label: t('crm.filters.anyTag') },
              ...tags.map((tag) => ({ value: tag, label: tag })),
            ]}
            onChange={(event) =>
              onChange(withPart(view, 'tags', event.target.value ? [event.target.value] : undefined))
            }
          />
          <SelectField
            label={t('crm.filters.owner')}
            value={ownerValue}
            options={ownerOptions}
            onChange={(event) => {
              const value = event.target.value;
              onChange(withPart(view, 'ownerIds', value ? [value === 'me' ? context.userId : value] : undefined));
            }}
          />
          <SelectField
            label={t('crm.list.sortLabel')}
            value={sortKey in SORTS ? sortKey : 'name:asc'}
            options={(Object.keys(SORTS) as SortKey[]).map((key) => ({ value: key, label: t(SORTS[key]) }))}
            onChange={(event) => {
              const [field, dir] = event.target.value.split(':') as [ContactSortField, 'asc' | 'desc'];
              onChange({ ...view, sort: { field, dir } });
            }}
          />
          {dateField('createdFrom', t('crm.filters.createdFrom'))}
          {dateField('createdTo', t('crm.filters.createdTo'))}
          {dateField('lastContactFrom', t('crm.filters.lastContactFrom'))}
          {dateField('lastContactTo', t('crm.filters.lastContactTo'))}
        </div>
        <p className="field__hint">{t('crm.filters.lastContactHint')}</p>
        <div className="list-toolbar__views">
          <SelectField
            label={t('crm.views.label')}
            value={currentSaved?.name ?? ''}
            options={[
              { value: '', label: t('crm.views.default') },
              ...saved.views.map((candidate) => ({ value: candidate.name, label: candidate.name })),
            ]}
            onChange={(event) => {
              const chosen = saved.views.find((candidate) => candidate.name === event.target.value);
              const next = chosen ? parseView(chosen.params) : DEFAULT_VIEW;
              onChange(withPart(next, 'query', view.query));
            }}
          />
          {currentSaved ? (
            <Button
              variant="ghost"
              size="small"
              onClick={() => {
                saved.deleteView(currentSaved.name);
                onNotice(t('crm.views.deleted', { name: currentSaved.name }));
              }}
            >
              {t('crm.views.delete')}
            </Button>
          ) : (
            <form
              className="list-toolbar__save"
              noValidate
              onSubmit={(event) => {
                event.preventDefault();
                const name = viewName.trim();
                if (!name) {
                  setNameError(t('crm.views.nameRequired'));
                  return;
                }
                saved.saveView({ name, params: current });
                setViewName('');
                setNameError(undefined);
                onNotice(t('crm.views.saved', { name }));
              }}
            >
              <TextField
                label={t('crm.views.name')}
                value={viewName}
                maxLength={80}
                error={nameError}
                onChange={(event) => setViewName(event.target.value)}
              />
              <Button type="submit" variant="secondary" size="small">
                {t('crm.views.save')}
              </Button>
            </form>
          )}
        </div>
      </details>
    </div>
  );
}
