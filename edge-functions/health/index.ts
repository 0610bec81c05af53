// Wiring only (STYLE §7): the handler gets its I/O through deps.
import { createHandler } from './handler.ts';
import { getSql } from '../_shared/db.ts';

Deno.serve(
  createHandler({
    // Reason for the privileged connection: reading now() needs no data access at all.
    async readDatabaseTime() {
      const rows = await getSql()<
        { now: string }[]
      >`select to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as now`;
      const now = rows[0]?.now;
      if (!now) throw new Error('no time returned');
      return now;
    },
  }),
);
