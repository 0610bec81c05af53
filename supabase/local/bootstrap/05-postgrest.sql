-- Local bootstrap 05: the event triggers the Supabase image installs so that PostgREST reloads
-- its schema cache after DDL (supabase/postgres migrations: pgrst_ddl_watch, pgrst_drop_watch).
-- Our gateway LISTENs on `pgrst` and drops its cached function signatures on each notification.

create function extensions.pgrst_ddl_watch() returns event_trigger
  language plpgsql
as $$
begin
  notify pgrst, 'reload schema';
end;
$$;

create function extensions.pgrst_drop_watch() returns event_trigger
  language plpgsql
as $$
begin
  notify pgrst, 'reload schema';
end;
$$;

create event trigger pgrst_ddl_watch on ddl_command_end execute procedure extensions.pgrst_ddl_watch();
create event trigger pgrst_drop_watch on sql_drop execute procedure extensions.pgrst_drop_watch();
