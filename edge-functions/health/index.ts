// Wiring only (STYLE §7): the handler gets its I/O through deps.
import { createHandler } from './handler.ts';
import { readDatabaseTime } from '../_shared/db.ts';

Deno.serve(createHandler({ readDatabaseTime }));
