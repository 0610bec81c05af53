/**
 * UI state of the tenancy feature (zustand, never server rows):
 *   - which tenant each user last chose on this device (`comptoir.tenancy.selection`), so the
 *     app reopens on the same company, offline included;
 *   - the onboarding wizard's draft per user (`comptoir.tenancy.onboarding`), so Back/Next,
 *     a refresh or closing the tab never loses what was typed. Cleared when the wizard ends.
 * Both live in localStorage; another tab's change is picked up through the `storage` event.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { TenantRole } from '@shared/permissions/roles.ts';
import type { Vertical } from './internal/types.ts';

const SELECTION_KEY = 'comptoir.tenancy.selection';
const ONBOARDING_KEY = 'comptoir.tenancy.onboarding';

type SelectionState = {
  /** userId → tenantId */
  readonly selectedByUser: Readonly<Record<string, string>>;
  selectTenant: (userId: string, tenantId: string) => void;
  /** After leaving or deleting a company: fall back to another one. */
  forgetTenant: (userId: string, tenantId: string) => void;
};

export const useTenantSelection = create<SelectionState>()(
  persist(
    (set) => ({
      selectedByUser: {},
      selectTenant: (userId, tenantId) =>
        set((state) => ({ selectedByUser: { ...state.selectedByUser, [userId]: tenantId } })),
      forgetTenant: (userId, tenantId) =>
        set((state) => {
          if (state.selectedByUser[userId] !== tenantId) return state;
          const next = { ...state.selectedByUser };
          delete next[userId];
          return { selectedByUser: next };
        }),
    }),
    {
      name: SELECTION_KEY,
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (state) => ({ selectedByUser: state.selectedByUser }),
    },
  ),
);

/** The company identity as typed in the wizard (strings: the form's own values). */
export type IdentityDraft = {
  readonly name: string;
  readonly legal_form: string;
  /** SIRET (14 digits) or SIREN (9 digits). */
  readonly registration: string;
  readonly vat_number: string;
  readonly address_line1: string;
  readonly address_line2: string;
  readonly postal_code: string;
  readonly city: string;
};

export type InviteDraft = {
  /** Local key of the row (React list key, stable across edits). */
  readonly key: string;
  readonly email: string;
  readonly role: TenantRole;
  /** When the invitation went out; a sent row is never sent twice. */
  readonly sentAt: string | null;
};

export const ONBOARDING_STEPS = ['identity', 'vertical', 'team', 'import', 'done'] as const;
export type OnboardingStep = (typeof ONBOARDING_STEPS)[number];

export type OnboardingDraft = {
  readonly step: OnboardingStep;
  readonly identity: IdentityDraft;
  readonly vertical: Vertical | '';
  /**
   * The tenant's id, generated on this device (UUIDv7) before the first create_tenant call, so
   * a retry after a lost answer cannot create the company twice.
   */
  readonly tenantId: string | null;
  /** True once create_tenant succeeded. */
  readonly isTenantCreated: boolean;
  readonly invites: readonly InviteDraft[];
};

export const EMPTY_IDENTITY: IdentityDraft = {
  name: '',
  legal_form: '',
  registration: '',
  vat_number: '',
  address_line1: '',
  address_line2: '',
  postal_code: '',
  city: '',
};

export const EMPTY_ONBOARDING: OnboardingDraft = {
  step: 'identity',
  identity: EMPTY_IDENTITY,
  vertical: '',
  tenantId: null,
  isTenantCreated: false,
  invites: [],
};

type OnboardingState = {
  readonly drafts: Readonly<Record<string, OnboardingDraft>>;
  updateDraft: (userId: string, update: (draft: OnboardingDraft) => OnboardingDraft) => void;
  clearDraft: (userId: string) => void;
};

export const useOnboardingStore = create<OnboardingState>()(
  persist(
    (set) => ({
      drafts: {},
      updateDraft: (userId, update) =>
        set((state) => ({ drafts: { ...state.drafts, [userId]: update(state.drafts[userId] ?? EMPTY_ONBOARDING) } })),
      clearDraft: (userId) =>
        set((state) => {
          const next = { ...state.drafts };
          delete next[userId];
          return { drafts: next };
        }),
    }),
    {
      name: ONBOARDING_KEY,
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (state) => ({ drafts: state.drafts }),
    },
  ),
);

/** The user's wizard draft (the empty one until they type). */
export function useOnboardingDraft(userId: string): OnboardingDraft {
  return useOnboardingStore((state) => state.drafts[userId] ?? EMPTY_ONBOARDING);
}

// Another tab chose a company or moved the wizard on: follow it, so tabs never disagree.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key === SELECTION_KEY) void useTenantSelection.persist.rehydrate();
    if (event.key === ONBOARDING_KEY) void useOnboardingStore.persist.rehydrate();
  });
}
