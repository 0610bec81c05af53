/**
 * Search, filters, sort and saved views of the companies list (contacts: contact-toolbar.tsx). Every change goes to the URL (replace, so
 * typing does not flood the history); saved views store the same search params per user and
 * company on this device.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, SelectField, TextField, type SelectOption } from '@web/ui/index.ts';
import type { CrmContext } from '../hooks/use-crm-context.ts';
import { useSavedViews } from '../internal/saved-views.ts';
import {
  countActiveFilters,
  readView,
  writeView,
  type ListView,
  type Period,
  type Sort,
} from '../internal/list-view.ts';

const PERIOD_KEYS = {
  any: 'crm.filters.period.any',
  last7: 'crm.filters.period.last7',
  last30: 'crm.filters.period.last30',
  last90: 'crm.filters.period.last90',
  older90: 'crm.filters.period.older90',
} as const satisfies Record<Period, string>;

const SORT_KEYS = {
  name_asc: 'crm.list.sort.name_asc',
  name_desc: 'crm.list.sort.name_desc',
  created_desc: 'crm.list.sort.created_desc',
  created_asc: 'crm.list.sort.created_asc',
  updated_desc: 'crm.list.sort.updated_desc',
} as const satisfies Record<Sort, string>;

const CREATED_PERIODS: readonly Period[] = ['any', 'last7', 'last30', 'last90', 'older90'];

export type ListToolbarProps = {
  readonly context: CrmContext;
  readonly view: ListView;
  readonly tags: readonly string[];
  readonly onChange: (view: ListView) => void;
  readonly placeholder: string;
  readonly onNotice: (message: string) => void;
};

export function ListToolbar({ context, view, tags, onChange, placeholder, onNotice }: ListToolbarProps) {
  const { t } = useTranslation();
  const saved = useSavedViews('companies', context.userId, context.tenant.id);
  const [viewName, setViewName] = useState('');
  const [nameError, setNameError] = useState<string | undefined>(undefined);
  const currentParams = writeView(view).toString();
  const currentSaved = saved.views.find((candidate) => candidate.params === currentParams);
  const sorts: Sort[] = ['name_asc', 'name_desc', 'created_desc', 'created_asc', 'updated_desc'];

  const ownerOptions: SelectOption[] = [
    { value: '', label: t('crm.filters.anyOwner') },
    { value: 'me', label: t('crm.common.me') },
    { value: 'none', label: t('crm.common.unassigned') },
    ...context.members
      .filter((member) => member.user_id !== context.userId)
      .map((member) => ({ value: member.user_id, label: member.display_name ?? member.email })),
  ];

  const activeCount = countActiveFilters(view);

  return (
    <div className="list-toolbar">
      <div className="list-toolbar__search">
        <TextField
          label={t('crm.list.searchLabel')}
          type="search"
          value={view.q}
          placeholder={placeholder}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => onChange({ ...view, q: event.target.value })}
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
            value={view.tag}
            options={[
              { value: '', label: t('crm.filters.anyTag') },
              ...tags.map((tag) => ({ value: tag, label: tag })),
            ]}
            onChange={(event) => onChange({ ...view, tag: event.target.value })}
          />
          <SelectField
            label={t('crm.filters.owner')}
            value={view.owner}
            options={ownerOptions}
            onChange={(event) => onChange({ ...view, owner: event.target.value })}
          />
          <SelectField
            label={t('crm.filters.created')}
            value={view.created}
            options={CREATED_PERIODS.map((period) => ({ value: period, label: t(PERIOD_KEYS[period]) }))}
            onChange={(event) => onChange({ ...view, created: event.target.value as Period })}
          />
          <SelectField
            label={t('crm.list.sortLabel')}
            value={view.sort}
            options={sorts.map((sort) => ({ value: sort, label: t(SORT_KEYS[sort]) }))}
            onChange={(event) => onChange({ ...view, sort: event.target.value as Sort })}
          />
        </div>
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
              onChange(readView(new URLSearchParams(chosen?.params ?? '')));
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
                saved.saveView({ name, params: currentParams });
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
