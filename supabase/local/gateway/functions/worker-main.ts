/**
 * Deno bootstrap for one edge-function worker. Run by worker-pool.ts as
 * `deno run … worker-main.ts <entrypoint file URL>`, never imported by Node.
 *
 * It gives plain Deno what Supabase's edge runtime gives a function:
 * - `EdgeRuntime.waitUntil(promise)` (supabase/edge-runtime ext/runtime/js/namespaces.js); the
 *   worker process stays up between requests, so awaiting in the background is enough;
 * - `Deno.serve(...)` keeps the function's handler and options but always listens on a private
 *   loopback port (port 0), which it reports to the gateway as one stdout line
 *   `{"comptoirWorker":"listening","port":N}`;
 * - `export default { fetch }` modules are served too (Deno 2 style).
 *
 * A module that throws while loading, or that serves nothing, makes the process exit before
 * that line is written: the gateway answers BOOT_ERROR. The process also exits when its stdin
 * closes, so a gateway that dies never leaves Deno processes behind.
 */

// The Node project type-checks this file as well; declare only the Deno APIs used here.
type ServeHandler = (request: Request, info: unknown) => Response | Promise<Response>;
type ListenAddress = { hostname: string; port: number };
type ServeOptions = Record<string, unknown> & {
  handler?: ServeHandler;
  onListen?: (address: ListenAddress) => void;
};
declare const Deno: {
  args: string[];
  serve: (...args: unknown[]) => unknown;
  exit(code?: number): never;
  stdin: { readable: ReadableStream<Uint8Array> };
};

const entrypoint = Deno.args[0];
const serveForReal = Deno.serve.bind(Deno);
let server: unknown;

function reportListening(port: number): void {
  console.log(JSON.stringify({ comptoirWorker: 'listening', port }));
}

function readServeArguments(args: unknown[]): { options: ServeOptions; handler: ServeHandler | undefined } {
  const [first, second] = args;
  if (typeof first === 'function') return { options: {}, handler: first as ServeHandler };
  if (first !== null && typeof first === 'object') {
    const options = first as ServeOptions;
    return { options, handler: typeof second === 'function' ? (second as ServeHandler) : options.handler };
  }
  return { options: {}, handler: undefined };
}

/** Deno.serve as the edge runtime offers it: one server per worker, reachable only by the gateway. */
function serveOnLoopback(...args: unknown[]): unknown {
  if (server !== undefined) {
    console.warn('Deno.serve was called more than once; only the first server receives requests.');
    return server;
  }
  const { options, handler } = readServeArguments(args);
  if (!handler) throw new TypeError('Deno.serve needs a handler function');
  // Address, TLS and unix-socket options are the platform's business, not the function's.
  const {
    port: _port,
    hostname: _hostname,
    cert: _cert,
    key: _key,
    path: _path,
    transport: _transport,
    handler: _handler,
    onListen,
    ...rest
  } = options;
  server = serveForReal(
    {
      ...rest,
      hostname: '127.0.0.1',
      port: 0,
      onListen(address: ListenAddress) {
        reportListening(address.port);
        onListen?.(address);
      },
    },
    handler,
  );
  return server;
}

Deno.serve = serveOnLoopback;
(globalThis as { EdgeRuntime?: unknown }).EdgeRuntime = {
  waitUntil(promise: unknown): Promise<unknown> {
    return Promise.resolve(promise).catch((error: unknown) => {
      console.error('EdgeRuntime.waitUntil: the promise rejected:', error);
    });
  },
};

void (async () => {
  try {
    // The gateway never writes; stdin only tells us when it is gone.
    const reader = Deno.stdin.readable.getReader();
    while (!(await reader.read()).done) continue;
  } catch {
    // A broken pipe means the same thing as end of input.
  }
  Deno.exit(0);
})();

if (!entrypoint) {
  console.error('worker-main: missing entrypoint argument');
  Deno.exit(1);
}
try {
  const module = (await import(entrypoint)) as { default?: { fetch?: unknown } };
  if (server === undefined) {
    const exported = module.default;
    const fetchHandler = exported?.fetch;
    if (typeof fetchHandler !== 'function') {
      console.error('The function neither called Deno.serve(...) nor exported default { fetch }.');
      Deno.exit(1);
    }
    serveOnLoopback((request: Request, info: unknown) => (fetchHandler as ServeHandler).call(exported, request, info));
  }
} catch (error) {
  console.error(error);
  Deno.exit(1);
}
