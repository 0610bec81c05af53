import assert from 'node:assert/strict';
import { isAppError } from '../../../shared/errors/app-error.ts';
import { createEmailSender, DEFAULT_EMAIL_FROM } from './send-email.ts';
import { createFakeMailbox, createFakeResend, startLoopbackServer } from './loopback-server.ts';

const SERVICE_ROLE_KEY = 'service-role-key';
const RESEND_KEY = 're_test_key';
const MESSAGE = { to: 'nina@example.test', subject: 'Sujet', html: '<p>x</p>', text: 'x' };

function readFrom(env: Record<string, string>) {
  return (name: string): string | undefined => env[name];
}

Deno.test('email sender: uses Resend when RESEND_API_KEY is set, at RESEND_API_BASE_URL', async () => {
  const resend = await startLoopbackServer(createFakeResend(RESEND_KEY));
  const mailbox = await startLoopbackServer(createFakeMailbox(SERVICE_ROLE_KEY));
  try {
    const sender = createEmailSender(
      readFrom({
        RESEND_API_KEY: RESEND_KEY,
        RESEND_API_BASE_URL: resend.url,
        SUPABASE_URL: mailbox.url,
        SUPABASE_SERVICE_ROLE_KEY: SERVICE_ROLE_KEY,
        EMAIL_FROM: 'Garage <contact@garage.test>',
      }),
    );
    assert.equal(sender.provider, 'resend');
    await sender.sendEmail(MESSAGE);
    assert.equal(resend.requests.length, 1);
    assert.equal(mailbox.requests.length, 0);
    assert.equal(JSON.parse(resend.requests[0]!.body).from, 'Garage <contact@garage.test>');
  } finally {
    await resend.close();
    await mailbox.close();
  }
});

Deno.test('email sender: falls back to the dev mailbox without a Resend key, from the default sender', async () => {
  const mailbox = await startLoopbackServer(createFakeMailbox(SERVICE_ROLE_KEY));
  try {
    const sender = createEmailSender(
      readFrom({ RESEND_API_KEY: '  ', SUPABASE_URL: mailbox.url, SUPABASE_SERVICE_ROLE_KEY: SERVICE_ROLE_KEY }),
    );
    assert.equal(sender.provider, 'dev-mailbox');
    await sender.sendEmail(MESSAGE);
    assert.equal(mailbox.requests.length, 1);
    assert.equal(JSON.parse(mailbox.requests[0]!.body).from, DEFAULT_EMAIL_FROM);
    assert.equal(DEFAULT_EMAIL_FROM, 'Comptoir <no-reply@comptoir.app>');
  } finally {
    await mailbox.close();
  }
});

Deno.test('email sender: without any provider every send is UNAVAILABLE', async () => {
  const sender = createEmailSender(readFrom({}));
  assert.equal(sender.provider, 'none');
  await assert.rejects(sender.sendEmail(MESSAGE), (error: unknown) => {
    assert.ok(isAppError(error));
    assert.equal(error.code, 'UNAVAILABLE');
    return true;
  });
});
