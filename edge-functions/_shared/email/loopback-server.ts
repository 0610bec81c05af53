/**
 * Test support (not a test): a loopback HTTP server standing in for an email provider, and
 * fakes of the two providers that follow their documented APIs. Tests never reach the internet.
 */

export type RecordedRequest = {
  readonly method: string;
  readonly path: string;
  readonly headers: Headers;
  readonly body: string;
};

export type LoopbackServer = {
  /** http://127.0.0.1:<port>, no trailing slash. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
};

export type FakeHandler = (request: RecordedRequest) => Response | Promise<Response>;

export function startLoopbackServer(handler: FakeHandler): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  return new Promise((resolve) => {
    const server = Deno.serve(
      {
        hostname: '127.0.0.1',
        port: 0,
        onListen: ({ port }) => {
          resolve({
            url: `http://127.0.0.1:${port}`,
            requests,
            close: () => server.shutdown(),
          });
        },
      },
      async (req) => {
        const recorded: RecordedRequest = {
          method: req.method,
          path: new URL(req.url).pathname,
          headers: req.headers,
          body: await req.text(),
        };
        requests.push(recorded);
        return handler(recorded);
      },
    );
  });
}

function parseObject(body: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(body) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function resendError(statusCode: number, name: string, message: string): Response {
  return Response.json({ statusCode, name, message }, { status: statusCode });
}

/**
 * Resend's `POST /emails` as documented (api-reference/emails/send-email, api-reference/errors):
 * Bearer key required (401 missing_api_key / 403 invalid_api_key), `from`, `to`, `subject`
 * required (422 missing_required_field), answer 200 `{id}`.
 */
export function createFakeResend(apiKey: string): FakeHandler {
  return (request) => {
    if (request.path !== '/emails') return resendError(404, 'not_found', 'The requested endpoint does not exist.');
    if (request.method !== 'POST') return resendError(405, 'method_not_allowed', 'Method is not allowed.');
    const authorization = request.headers.get('authorization');
    if (!authorization) return resendError(401, 'missing_api_key', 'Missing API key in the authorization header.');
    if (authorization !== `Bearer ${apiKey}`) return resendError(403, 'invalid_api_key', 'API key is invalid.');
    const body = parseObject(request.body);
    if (!body) return resendError(400, 'validation_error', 'Invalid JSON body.');
    for (const field of ['from', 'to', 'subject']) {
      if (body[field] === undefined) {
        return resendError(422, 'missing_required_field', `Missing \`${field}\` field.`);
      }
    }
    return Response.json({ id: crypto.randomUUID() });
  };
}

/**
 * The dev mailbox's `POST /_dev/mail/api/messages` (supabase/local/gateway/mailbox.ts): service
 * role only (401 unauthorized), `{to, subject, html|text}` required (400 validation_failed),
 * answers 200 with the stored message.
 */
export function createFakeMailbox(serviceRoleKey: string): FakeHandler {
  return (request) => {
    if (request.path !== '/_dev/mail/api/messages') {
      return new Response('Not found', { status: 404 });
    }
    if (request.headers.get('authorization') !== `Bearer ${serviceRoleKey}`) {
      return Response.json(
        { code: 'unauthorized', message: 'The dev mailbox accepts mail from the service role only.' },
        { status: 401 },
      );
    }
    const body = parseObject(request.body);
    if (!body || typeof body['subject'] !== 'string' || body['to'] === undefined) {
      return Response.json(
        { code: 'validation_failed', message: 'Expected a JSON object {to, subject, html|text}.' },
        { status: 400 },
      );
    }
    return Response.json({ id: crypto.randomUUID(), created_at: new Date().toISOString(), ...body });
  };
}
