/**
 * Saved views of a list, per user and company, on this device (localStorage): a name and the
 * view's URL search params. Saving a name again replaces that view. Another tab's change is
 * picked up through the `storage` event.
 */
import { useCallback, useEffect, useState } from 'react';
import { z } from 'zod';

export type SavedView = { readonly name: string; readonly params: string };

const savedViewsSchema = z.array(z.object({ name: z.string().min(1).max(80), params: z.string().max(2000) }));

function getStorageKey(list: string, userId: string, tenantId: string): string {
  return `comptoir.crm.views.${list}.${userId}.${tenantId}`;
}

function readSavedViews(key: string): SavedView[] {
  try {
    const parsed = savedViewsSchema.safeParse(JSON.parse(localStorage.getItem(key) ?? '[]'));
    return parsed.success ? parsed.data : [];
  } catch {
    // A corrupt entry (hand-edited, older format) is ignored rather than breaking the list.
    return [];
  }
}

export type SavedViews = {
  readonly views: readonly SavedView[];
  readonly saveView: (view: SavedView) => void;
  readonly deleteView: (name: string) => void;
};

export function useSavedViews(list: 'contacts' | 'companies', userId: string, tenantId: string): SavedViews {
  const key = getStorageKey(list, userId, tenantId);
  const [state, setState] = useState(() => ({ key, views: readSavedViews(key) }));
  // The key changed (another company): read that company's views.
  const views = state.key === key ? state.views : readSavedViews(key);
  if (state.key !== key) setState({ key, views });

  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === key) setState({ key, views: readSavedViews(key) });
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [key]);

  const write = useCallback(
    (next: SavedView[]) => {
      localStorage.setItem(key, JSON.stringify(next));
      setState({ key, views: next });
    },
    [key],
  );

  return {
    views,
    saveView: (view) => write([...views.filter((existing) => existing.name !== view.name), view]),
    deleteView: (name) => write(views.filter((existing) => existing.name !== name)),
  };
}
