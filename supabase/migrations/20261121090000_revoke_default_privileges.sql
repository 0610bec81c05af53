-- Deny by default (STYLE §3). Postgres grants EXECUTE on every new function to PUBLIC, and older
-- Supabase projects also expose new tables to the API roles; both are revoked here so that every
-- function and table is reachable only through an explicit grant in the migration creating it.
-- Same statements locally and on a hosted project (migrations run as `postgres`).

alter default privileges for role postgres revoke execute on functions from public;
alter default privileges for role postgres in schema public revoke execute on functions from anon, authenticated, service_role;
alter default privileges for role postgres in schema public revoke select, insert, update, delete, truncate, references, trigger on tables from anon, authenticated;
alter default privileges for role postgres in schema public revoke usage, select, update on sequences from anon, authenticated;

-- Helpers that policies and RPCs call live in `private`, which the API never exposes.
create schema if not exists private;
comment on schema private is 'Helpers for policies and RPCs (security definer, search_path = ''''). Never exposed through the API.';
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;
