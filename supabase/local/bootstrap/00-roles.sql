-- Local bootstrap 00: the roles and base privileges a Supabase Postgres image provides.
-- Local only: production gets these from the Supabase image. Source of truth for the shapes:
-- supabase/postgres migrations/db/init-scripts/00000000000000-initial-schema.sql and the later
-- role migrations (see ../../shared/reference/supabase-subset.md §1.1–1.2).
-- Runs once, as the cluster superuser supabase_admin, on a fresh database.

create role anon nologin noinherit;
create role authenticated nologin noinherit;
create role service_role nologin noinherit bypassrls;
-- 20230529180330_alter_api_roles_for_inherit
alter role anon inherit;
alter role authenticated inherit;
alter role service_role inherit;

create role authenticator login noinherit password 'postgres';
grant anon, authenticated, service_role to authenticator;

-- 10000000000000_demote-postgres: postgres is not a superuser on Supabase.
create role postgres login createdb createrole replication bypassrls password 'postgres';
grant anon, authenticated, service_role to postgres with admin option;
alter role postgres set search_path = "$user", public, extensions;

create role supabase_auth_admin noinherit createrole nologin;
create role supabase_storage_admin noinherit createrole nologin;
create role supabase_realtime_admin noinherit nologin;
-- Hosted projects revoked supabase_auth_admin from postgres in April 2025 (supabase/postgres
-- 20250421084701_revoke_admin_roles): postgres keeps only the table privileges 01-auth.sql
-- grants, so a migration that needs more on `auth` fails here as it would on `db push`.
-- (It revoked supabase_storage_admin too; the storage stand-in still grants that one, see
-- 02-storage.sql.)
grant supabase_storage_admin to postgres;

-- Role settings PostgREST re-applies per request (20221028101028, 20231130133139).
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
alter role authenticator set statement_timeout = '8s';
alter role authenticator set lock_timeout = '8s';

-- The app's migrations run as postgres (as `supabase db push` does).
grant all on database postgres to postgres;
alter schema public owner to postgres;
grant usage on schema public to postgres, anon, authenticated, service_role;

create schema if not exists extensions authorization postgres;
grant usage on schema extensions to postgres, anon, authenticated, service_role;
create extension if not exists "uuid-ossp" with schema extensions;
create extension if not exists pgcrypto with schema extensions;

create schema if not exists graphql_public authorization postgres;
grant usage on schema graphql_public to postgres, anon, authenticated, service_role;

-- 1.2 Default privileges on public. The image grants everything to the API roles; since the
-- CLI's auto_expose_new_tables default flipped to false (2026), objects created by postgres are
-- no longer exposed implicitly. We mirror the final state: grant, then revoke for postgres.
alter default privileges in schema public grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to postgres, anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on sequences to postgres, anon, authenticated, service_role;
-- RevokeDefaultDataApiPrivilegesSql (auto_expose_new_tables = false)
alter default privileges for role postgres in schema public revoke select, insert, update, delete on tables from anon, authenticated, service_role;
alter default privileges for role postgres in schema public revoke usage, select on sequences from anon, authenticated, service_role;
alter default privileges for role postgres in schema public revoke execute on functions from anon, authenticated, service_role;

-- Publication used by postgres_changes; app migrations may add tables to it.
create publication supabase_realtime;
alter publication supabase_realtime owner to postgres;
