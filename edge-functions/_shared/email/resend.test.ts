import assert from 'node:assert/strict';
import { isAppError } from '../../../shared/errors/app-error.ts';
import { isEmailDeliveryUnknown } from './provider-http.ts';
import { createResendSender } from './resend.ts';
import { createFakeResend, type FakeHandler, type LoopbackServer, startLoopbackServer } from './loopback-server.ts';

const API_KEY = 're_test_0123456789';
const FROM = 'Comptoir <no-reply@comptoir.app>';
const MESSAGE = {
  to: 'nina@example.test',
  subject: 'Bonjour',
  html: '<p>Bonjour</p>',
  text: 'Bonjour',
  tags: { kind: 'invitation' },
};

async function withServer(handler: FakeHandler, run: (server: LoopbackServer) => Promise<void>): Promise<void> {
  const server = await startLoopbackServer(handler);
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

function createSender(baseUrl: string, apiKey = API_KEY, timeoutMs = 5_000) {
  return createResendSender({ fetch, timeoutMs, from: FROM, apiKey, baseUrl });
}

async function assertUnavailable(promise: Promise<unknown>, internal: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isAppError(error));
    assert.equal(error.code, 'UNAVAILABLE');
    assert.equal(error.httpStatus, 503);
    assert.match(error.message, internal);
    // What crosses the wire names neither the key nor what Resend said.
    const wire = JSON.stringify(error.toJSON());
    assert.ok(!wire.includes(API_KEY) && !wire.includes('re_'), wire);
    assert.deepEqual(error.toJSON(), { code: 'UNAVAILABLE', userMessage: 'errors.unavailable' });
    assert.ok(!error.message.includes(API_KEY));
    return true;
  });
}

Deno.test('resend: posts the documented request and answers the message id', async () => {
  await withServer(createFakeResend(API_KEY), async (server) => {
    const sent = await createSender(server.url)(MESSAGE);
    assert.match(sent.id, /^[0-9a-f-]{36}$/);
    assert.equal(server.requests.length, 1);
    const request = server.requests[0]!;
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/emails');
    assert.equal(request.headers.get('authorization'), `Bearer ${API_KEY}`);
    assert.match(request.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(JSON.parse(request.body), {
      from: FROM,
      to: ['nina@example.test'],
      subject: 'Bonjour',
      html: '<p>Bonjour</p>',
      text: 'Bonjour',
      tags: [{ name: 'kind', value: 'invitation' }],
    });
  });
});

Deno.test('resend: sends every recipient, omits tags when there are none, ignores a trailing slash', async () => {
  await withServer(createFakeResend(API_KEY), async (server) => {
    await createSender(`${server.url}/`)({ ...MESSAGE, to: ['a@example.test', 'b@example.test'], tags: {} });
    const body = JSON.parse(server.requests[0]!.body);
    assert.equal(server.requests[0]!.path, '/emails');
    assert.deepEqual(body.to, ['a@example.test', 'b@example.test']);
    assert.equal('tags' in body, false);
  });
});

Deno.test('resend: an invalid API key (403 invalid_api_key) becomes UNAVAILABLE', async () => {
  await withServer(createFakeResend('re_the_right_key'), async (server) => {
    await assertUnavailable(createSender(server.url)(MESSAGE), /answered 403 invalid_api_key/);
  });
});

Deno.test('resend: a validation error (422) becomes UNAVAILABLE', async () => {
  const refuse: FakeHandler = () =>
    Response.json(
      { statusCode: 422, name: 'validation_error', message: 'The `from` domain is not verified.' },
      { status: 422 },
    );
  await withServer(refuse, async (server) => {
    await assertUnavailable(createSender(server.url)(MESSAGE), /answered 422 validation_error/);
  });
});

Deno.test('resend: rate limiting (429) becomes UNAVAILABLE', async () => {
  const limited: FakeHandler = () =>
    Response.json(
      { statusCode: 429, name: 'rate_limit_exceeded', message: 'Too many requests.' },
      { status: 429, headers: { 'retry-after': '1' } },
    );
  await withServer(limited, async (server) => {
    await assertUnavailable(createSender(server.url)(MESSAGE), /answered 429 rate_limit_exceeded/);
  });
});

Deno.test('resend: a 500 with a non-JSON body becomes UNAVAILABLE', async () => {
  await withServer(() => new Response('<html>bad gateway</html>', { status: 500 }), async (server) => {
    const send = createSender(server.url)(MESSAGE);
    await assertUnavailable(send, /answered 500 unknown_error/);
    assert.equal(await send.catch(isEmailDeliveryUnknown), false);
  });
});

Deno.test('resend: no answer at all (closed port) becomes UNAVAILABLE', async () => {
  const server = await startLoopbackServer(() => new Response(null, { status: 204 }));
  const url = server.url;
  await server.close();
  const send = createSender(url)(MESSAGE);
  await assertUnavailable(send, /request failed/);
  // Nothing was accepted: the caller may treat the message as not sent.
  assert.equal(await send.catch(isEmailDeliveryUnknown), false);
});

Deno.test('resend: a provider that never answers becomes UNAVAILABLE with delivery unknown', async () => {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const hang: FakeHandler = async () => {
    await released;
    return new Response(null, { status: 204 });
  };
  await withServer(hang, async (server) => {
    try {
      const send = createSender(server.url, API_KEY, 100)(MESSAGE);
      await assertUnavailable(send, /no answer within the time limit; delivery unknown/);
      // Resend may still deliver it: the caller must not treat it as not sent.
      assert.equal(await send.catch(isEmailDeliveryUnknown), true);
    } finally {
      release();
    }
  });
});

Deno.test('resend: refuses a bad tag before calling the provider', async () => {
  await withServer(createFakeResend(API_KEY), async (server) => {
    await assert.rejects(createSender(server.url)({ ...MESSAGE, tags: { kind: 'a b' } }), (error: unknown) => {
      assert.ok(isAppError(error));
      assert.equal(error.code, 'INTERNAL');
      return true;
    });
    assert.equal(server.requests.length, 0);
  });
});
