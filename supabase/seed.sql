-- Demo data for `npm start` (loaded once on a fresh database, like `supabase db reset`).
-- Every feature extends this file. Logins are listed in supabase/demo-logins.json and the README.
-- Passwords are bcrypt-hashed with pgcrypto, the format Supabase Auth (and our stand-in) verifies.

-- Ids are fixed UUIDv7 values so the demo is reproducible.
insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at, confirmation_token, recovery_token,
  email_change_token_new, email_change)
values
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000001', 'authenticated',
   'authenticated', 'demo@comptoir.local', extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)),
   now(), '{"provider":"email","providers":["email"]}', '{"display_name":"Camille Demo"}', now(), now(), '', '', '', '');

insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select u.id::text, u.id, jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true),
       'email', now(), now(), now()
  from auth.users u
 where u.id = '019a8f00-0000-7000-8000-000000000001';
