/** Entry point: styles, i18n (synchronous, French by default), boot, service worker. */
import { createRoot } from 'react-dom/client';
import './ui/styles.css';
import './i18n/index.ts';
import { bootApp } from './app/boot.tsx';
import { registerServiceWorker } from './app/service-worker.ts';

/**
 * Invitation links and email sign-in links carry credentials in their URL: no request the app
 * makes may send it on as a Referer. The app server sends `Referrer-Policy: no-referrer` too;
 * this covers a static host that does not (and pages served by the service worker).
 */
function forbidReferrer(): void {
  if (document.querySelector('meta[name="referrer"]')) return;
  const meta = document.createElement('meta');
  meta.name = 'referrer';
  meta.content = 'no-referrer';
  document.head.prepend(meta);
}

forbidReferrer();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

// Register first: even when this boot fails, the next visit can start offline.
registerServiceWorker();
void bootApp(createRoot(container));
