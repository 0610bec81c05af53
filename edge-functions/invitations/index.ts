// Wiring only (STYLE §7): the handler gets its I/O through deps.
import { createEmailSender } from '../_shared/email/send-email.ts';
import { createCallerDatabaseOpener, createTokenIssuer } from './database.ts';
import { createHandler } from './handler.ts';

const readEnv = (name: string): string | undefined => Deno.env.get(name);

Deno.serve(
  createHandler({
    openCallerDatabase: createCallerDatabaseOpener(readEnv),
    issueInvitationToken: createTokenIssuer(readEnv),
    sendEmail: createEmailSender(readEnv).sendEmail,
    appUrl: readEnv('COMPTOIR_APP_URL'),
  }),
);
