/**
 * UI state of the task screens (zustand, never rows): the chosen view and the filters, kept in
 * memory so going to a task and back finds the list as it was.
 */
import { create } from 'zustand';
import { DEFAULT_FILTERS, type TaskFilters } from './internal/my-day.ts';

export type TasksView = 'my-day' | 'board';

type TasksUiState = {
  /** null: the default of the screen size (phones: "Ma journée"; desktops: the board). */
  readonly view: TasksView | null;
  readonly filters: TaskFilters;
  setView: (view: TasksView) => void;
  setFilters: (patch: Partial<TaskFilters>) => void;
  resetFilters: () => void;
};

export const useTasksUi = create<TasksUiState>()((set) => ({
  view: null,
  filters: DEFAULT_FILTERS,
  setView: (view) => set({ view }),
  setFilters: (patch) => set((state) => ({ filters: { ...state.filters, ...patch } })),
  resetFilters: () => set({ filters: DEFAULT_FILTERS }),
}));
