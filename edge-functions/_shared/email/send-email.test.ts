import assert from 'node:assert/strict';
import { isAppError } from '../../../shared/errors/app-error.ts';
import { createEmailSender, DEFAULT_EMAIL_FROM, isLoopbackUrl } from './send-email.ts';
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
  const logs: string[] = [];
  const sender = createEmailSender(readFrom({}), { log: (line) => logs.push(line) });
  assert.equal(sender.provider, 'none');
  await assert.rejects(sender.sendEmail(MESSAGE), (error: unknown) => {
    assert.ok(isAppError(error));
    assert.equal(error.code, 'UNAVAILABLE');
    return true;
  });
});

Deno.test('email sender: a hosted SUPABASE_URL without a Resend key fails closed, never posting to it', async () => {
  let calls = 0;
  const countingFetch: typeof fetch = () => {
    calls += 1;
    return Promise.resolve(new Response('{}'));
  };
  for (const url of ['https://abcdefghijklmnop.supabase.co', 'http://kong:8000', 'http://10.0.0.5:54321']) {
    const logs: string[] = [];
    const sender = createEmailSender(readFrom({ SUPABASE_URL: url, SUPABASE_SERVICE_ROLE_KEY: SERVICE_ROLE_KEY }), {
      fetch: countingFetch,
      log: (line) => logs.push(line),
    });
    assert.equal(sender.provider, 'none', url);
    assert.ok(logs.some((line) => line.includes('RESEND_API_KEY is not set')), url);
    await assert.rejects(sender.sendEmail(MESSAGE), (error: unknown) => {
      assert.ok(isAppError(error));
      assert.equal(error.code, 'UNAVAILABLE');
      assert.deepEqual(error.toJSON(), { code: 'UNAVAILABLE', userMessage: 'errors.unavailable' });
      return true;
    });
  }
  assert.equal(calls, 0);
});

Deno.test('email sender: EMAIL_PROVIDER=dev-mailbox opts in to the dev mailbox on any URL', async () => {
  const requests: string[] = [];
  const recordingFetch: typeof fetch = (input) => {
    requests.push(String(input));
    return Promise.resolve(Response.json({ id: 'm-1' }));
  };
  const sender = createEmailSender(
    readFrom({
      EMAIL_PROVIDER: 'dev-mailbox',
      SUPABASE_URL: 'http://kong:8000',
      SUPABASE_SERVICE_ROLE_KEY: SERVICE_ROLE_KEY,
    }),
    { fetch: recordingFetch },
  );
  assert.equal(sender.provider, 'dev-mailbox');
  await sender.sendEmail(MESSAGE);
  assert.deepEqual(requests, ['http://kong:8000/_dev/mail/api/messages']);
});

Deno.test('email sender: an unknown EMAIL_PROVIDER, or resend without its key, fails closed', () => {
  const quiet = { log: () => {} };
  const env = { SUPABASE_URL: 'http://127.0.0.1:54321', SUPABASE_SERVICE_ROLE_KEY: SERVICE_ROLE_KEY };
  assert.equal(createEmailSender(readFrom({ ...env, EMAIL_PROVIDER: 'smtp' }), quiet).provider, 'none');
  assert.equal(createEmailSender(readFrom({ ...env, EMAIL_PROVIDER: 'resend' }), quiet).provider, 'none');
  assert.equal(createEmailSender(readFrom({ ...env }), quiet).provider, 'dev-mailbox');
  assert.equal(
    createEmailSender(readFrom({ ...env, EMAIL_PROVIDER: 'resend', RESEND_API_KEY: RESEND_KEY }), quiet).provider,
    'resend',
  );
});

Deno.test('email sender: loopback means 127.0.0.0/8, ::1 or localhost', () => {
  for (
    const url of [
      'http://127.0.0.1:54321',
      'http://127.8.9.10',
      'http://[::1]:54321',
      'http://localhost:1',
      'http://LOCALHOST',
    ]
  ) {
    assert.equal(isLoopbackUrl(url), true, url);
  }
  for (
    const url of [
      'https://abc.supabase.co',
      'http://128.0.0.1',
      'http://127.0.0.1.nip.io',
      'http://localhost.evil.test',
      'http://[::2]',
      'not a url',
      undefined,
    ]
  ) {
    assert.equal(isLoopbackUrl(url), false, String(url));
  }
});
