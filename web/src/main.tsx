/** Entry point: styles, i18n (synchronous, French by default), boot, service worker. */
import { createRoot } from 'react-dom/client';
import './ui/styles.css';
import './i18n/index.ts';
import { bootApp } from './app/boot.tsx';
import { registerServiceWorker } from './app/service-worker.ts';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

// Register first: even when this boot fails, the next visit can start offline.
registerServiceWorker();
void bootApp(createRoot(container));
