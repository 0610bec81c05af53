/**
 * Whether a CSS media query matches, live: screens switch layout at 768 px (the CRM list between
 * table and cards, the pipeline and tasks between board and list).
 */
import { useSyncExternalStore } from 'react';

export const WIDE_SCREEN = '(min-width: 48rem)';

export function useMediaQuery(query: string, fallback = true): boolean {
  return useSyncExternalStore(
    (onChange) => {
      if (typeof window.matchMedia !== 'function') return () => {};
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    // No matchMedia (jsdom, very old browsers): the fallback layout.
    () => (typeof window.matchMedia === 'function' ? window.matchMedia(query).matches : fallback),
    () => fallback,
  );
}
