// Wiring only (STYLE §7): the handler gets its I/O through deps.
import { createScoringDatabase } from './database.ts';
import { createHandler } from './handler.ts';

Deno.serve(createHandler({ db: createScoringDatabase((name) => Deno.env.get(name)), now: () => new Date() }));
