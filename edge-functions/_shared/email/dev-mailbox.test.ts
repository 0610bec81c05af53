import assert from 'node:assert/strict';
import { isAppError } from '../../../shared/errors/app-error.ts';
import { createDevMailboxSender } from './dev-mailbox.ts';
import { createFakeMailbox, type FakeHandler, type LoopbackServer, startLoopbackServer } from './loopback-server.ts';

const SERVICE_ROLE_KEY = 'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.signature';
const FROM = 'Comptoir <no-reply@comptoir.app>';
const MESSAGE = {
  to: 'nina@example.test',
  subject: 'Marc Durand vous invite',
  html: '<p>Bonjour</p>',
  text: 'Bonjour',
  tags: { kind: 'invitation', invitation_id: '019a8f00-1000-7000-8000-0000000000aa' },
};

async function withServer(handler: FakeHandler, run: (server: LoopbackServer) => Promise<void>): Promise<void> {
  const server = await startLoopbackServer(handler);
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

function createSender(supabaseUrl: string, serviceRoleKey = SERVICE_ROLE_KEY) {
  return createDevMailboxSender({ fetch, timeoutMs: 5_000, from: FROM, supabaseUrl, serviceRoleKey });
}

async function assertUnavailable(promise: Promise<unknown>, internal: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isAppError(error));
    assert.equal(error.code, 'UNAVAILABLE');
    assert.match(error.message, internal);
    assert.deepEqual(error.toJSON(), { code: 'UNAVAILABLE', userMessage: 'errors.unavailable' });
    assert.ok(!error.message.includes(SERVICE_ROLE_KEY));
    return true;
  });
}

Deno.test('dev mailbox: posts the message with the service role key', async () => {
  await withServer(createFakeMailbox(SERVICE_ROLE_KEY), async (server) => {
    const sent = await createSender(`${server.url}/`)(MESSAGE);
    assert.match(sent.id, /^[0-9a-f-]{36}$/);
    assert.equal(server.requests.length, 1);
    const request = server.requests[0]!;
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/_dev/mail/api/messages');
    assert.equal(request.headers.get('authorization'), `Bearer ${SERVICE_ROLE_KEY}`);
    assert.equal(request.headers.get('apikey'), SERVICE_ROLE_KEY);
    assert.match(request.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(JSON.parse(request.body), {
      to: ['nina@example.test'],
      from: FROM,
      subject: 'Marc Durand vous invite',
      html: '<p>Bonjour</p>',
      text: 'Bonjour',
      tags: { kind: 'invitation', invitation_id: '019a8f00-1000-7000-8000-0000000000aa' },
    });
  });
});

Deno.test('dev mailbox: a refusal (401, not the service role) becomes UNAVAILABLE', async () => {
  await withServer(createFakeMailbox('another-key'), async (server) => {
    await assertUnavailable(createSender(server.url)(MESSAGE), /answered 401 unauthorized/);
  });
});

Deno.test('dev mailbox: no mailbox at that address (404, hosted) becomes UNAVAILABLE and says why', async () => {
  await withServer(() => new Response('Not found', { status: 404 }), async (server) => {
    await assertUnavailable(createSender(server.url)(MESSAGE), /404 .*set RESEND_API_KEY/);
  });
});

Deno.test('dev mailbox: an unreachable gateway becomes UNAVAILABLE', async () => {
  const server = await startLoopbackServer(() => new Response(null, { status: 204 }));
  const url = server.url;
  await server.close();
  await assertUnavailable(createSender(url)(MESSAGE), /request failed/);
});
