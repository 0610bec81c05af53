/** Placeholder: replaced by the real PWA server (static build or Vite dev server). */
export type RuntimeConfig = { readonly supabaseUrl: string; readonly supabaseAnonKey: string };
export type AppServer = { readonly url: string; close(): Promise<void> };
export type AppServerOptions = {
  readonly mode: 'build' | 'dev';
  readonly port: number;
  readonly runtimeConfig: RuntimeConfig;
  readonly log: (line: string) => void;
};

export function startAppServer(options: AppServerOptions): Promise<AppServer> {
  return Promise.resolve({ url: `http://127.0.0.1:${options.port}`, close: () => Promise.resolve() });
}
