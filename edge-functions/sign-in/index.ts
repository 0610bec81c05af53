// Wiring only (STYLE §7): the handler gets its I/O through deps.
import { createHandler } from './handler.ts';
import { createSignInDeps } from './deps.ts';

Deno.serve(createHandler(createSignInDeps()));
