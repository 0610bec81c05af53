/**
 * Registers the service worker (production builds only) and exposes its update state. A new
 * version waits until the user chooses to reload: we never reload under someone typing a quote.
 */
import { Workbox } from 'workbox-window';
import { create } from 'zustand';

type UpdateState = {
  /** A new service worker is installed and waiting. */
  readonly isUpdateReady: boolean;
  /** The user said "later" for this version. */
  readonly isDismissed: boolean;
  applyUpdate: () => void;
  dismissUpdate: () => void;
};

export const useServiceWorkerUpdate = create<UpdateState>()((set) => ({
  isUpdateReady: false,
  isDismissed: false,
  applyUpdate: () => undefined,
  dismissUpdate: () => set({ isDismissed: true }),
}));

const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000;

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const workbox = new Workbox('/sw.js', { scope: '/' });

  const showUpdatePrompt = () => {
    useServiceWorkerUpdate.setState({
      isUpdateReady: true,
      isDismissed: false,
      applyUpdate: () => {
        // Reload once the new worker has taken over, so the page and the cache match.
        workbox.addEventListener('controlling', () => window.location.reload());
        workbox.messageSkipWaiting();
      },
    });
  };
  workbox.addEventListener('waiting', showUpdatePrompt);

  workbox.register().then(
    (registration) => {
      if (!registration) return;
      // Long-lived tabs (a phone left open all day) still learn about new versions.
      const checkForUpdate = () => {
        if (navigator.onLine) registration.update().catch(() => undefined);
      };
      window.setInterval(checkForUpdate, UPDATE_CHECK_INTERVAL_MS);
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') checkForUpdate();
      });
    },
    (error: unknown) => {
      // Without a service worker the app still works online; only offline start is lost.
      console.warn('Service worker registration failed', error);
    },
  );
}
