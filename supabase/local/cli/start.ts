/**
 * `npm start` (production build of the PWA, service worker active) and `npm run dev` (Vite HMR):
 * starts the whole local stack on free ports, prints where everything is, and stops every child
 * process cleanly on Ctrl-C. Data persists in .local/dev between runs (`npm run db:reset` wipes it).
 */
import path from 'node:path';
import { REPO_ROOT } from '../config.ts';
import { startStack } from '../stack.ts';
import { readDemoLogins } from '../demo-logins.ts';

const isDev = process.argv.includes('--dev');

async function main(): Promise<void> {
  const startedAt = Date.now();
  const stack = await startStack({
    dataDir: path.join(REPO_ROOT, '.local', 'dev'),
    mode: 'local',
    apiPort: Number(process.env['COMPTOIR_API_PORT'] ?? 54321),
    dbPort: Number(process.env['COMPTOIR_DB_PORT'] ?? 54322),
    app: isDev ? 'dev' : 'build',
    appPort: Number(process.env['COMPTOIR_APP_PORT'] ?? 5173),
  });

  let isStopping = false;
  const stop = (signal: string): void => {
    if (isStopping) return;
    isStopping = true;
    console.log(`\n${signal} received — stopping the local stack…`);
    stack.stop().then(
      () => {
        console.log('Stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  const logins = readDemoLogins();
  const lines = [
    '',
    `  Comptoir is running (${isDev ? 'dev, hot reload' : 'production build'}) — ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
    '',
    `  App          ${stack.appUrl ?? '(not served)'}`,
    `  API URL      ${stack.apiUrl}`,
    `  DB URL       ${stack.dbUrl}`,
    `  Dev mailbox  ${stack.apiUrl}/_dev/mail`,
    `  anon key     ${stack.anonKey}`,
    `  service_role ${stack.serviceRoleKey}   (local only — never ship it)`,
    '',
    '  Demo logins:',
    `    (every password: ${logins[0]?.password ?? ''})`,
    ...logins.map((l) => `    ${l.email.padEnd(40)} ${l.description}`),
    '',
    '  Ctrl-C stops everything.',
    '',
  ];
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(`\nCould not start Comptoir: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
