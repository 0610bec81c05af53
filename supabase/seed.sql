-- Demo data for `npm start` (loaded once on a fresh database, like `supabase db reset`).
-- Every feature extends this file. Logins are listed in supabase/demo-logins.json and the README;
-- every demo password is Comptoir-demo-2026. Passwords are bcrypt-hashed with pgcrypto, the
-- format Supabase Auth (and our stand-in) verifies. Ids are fixed UUIDv7 values.

-- Two tenants: a garage in Lyon and a creative agency in Nantes --------------------------------
insert into public.tenants (id, name, vertical, plan, legal_name, legal_form, share_capital_cents, siren, siret,
  registry_kind, registry_city, vat_number, address_line1, postal_code, city, country, session_timeout_minutes,
  numbering_prefix, created_at)
values
  ('019a8f00-1000-7000-8000-000000000001', 'Garage du Centre', 'garage', 'pro', 'Garage du Centre SARL', 'SARL', 1000000,
   '912345675', '91234567500017', 'RCS', 'Lyon', 'FR65912345675', '12 rue de la République', '69002', 'Lyon', 'FR',
   30, 'GDC', now() - interval '400 days'),
  ('019a8f00-2000-7000-8000-000000000001', 'Studio Pixel', 'agency', 'starter', 'Studio Pixel SAS', 'SAS', 500000,
   '845123454', '84512345400017', 'RCS', 'Nantes', 'FR88845123454', '3 quai de la Fosse', '44000', 'Nantes', 'FR',
   30, 'SPX', now() - interval '220 days');

-- One login per role in each tenant, a manager of the garage who also sells for the studio,
-- and a platform operator ----------------------------------------------------------------------
insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at, confirmation_token, recovery_token,
  email_change_token_new, email_change)
values
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000001', 'authenticated', 'authenticated', 'marc.durand@garage-du-centre.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Marc Durand"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000002', 'authenticated', 'authenticated', 'sophie.martin@garage-du-centre.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Sophie Martin"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000003', 'authenticated', 'authenticated', 'julien.bernard@garage-du-centre.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Julien Bernard"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000004', 'authenticated', 'authenticated', 'claire.petit@garage-du-centre.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Claire Petit"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000005', 'authenticated', 'authenticated', 'karim.haddad@garage-du-centre.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Karim Haddad"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000006', 'authenticated', 'authenticated', 'lea.robert@garage-du-centre.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Léa Robert"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000007', 'authenticated', 'authenticated', 'paul.lefebvre@client.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Paul Lefebvre"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000011', 'authenticated', 'authenticated', 'camille.moreau@studio-pixel.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Camille Moreau"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000012', 'authenticated', 'authenticated', 'hugo.laurent@studio-pixel.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Hugo Laurent"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000013', 'authenticated', 'authenticated', 'ines.garcia@studio-pixel.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Inès Garcia"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000014', 'authenticated', 'authenticated', 'thomas.roux@studio-pixel.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Thomas Roux"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000015', 'authenticated', 'authenticated', 'nina.fontaine@studio-pixel.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Nina Fontaine"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000016', 'authenticated', 'authenticated', 'lucas.girard@studio-pixel.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Lucas Girard"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000017', 'authenticated', 'authenticated', 'emilie.blanc@client.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Émilie Blanc"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000021', 'authenticated', 'authenticated', 'alex.morel@comptoir.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Alex Morel"}', now() - interval '200 days', now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '019a8f00-0000-7000-8000-000000000031', 'authenticated', 'authenticated', 'operateur@comptoir.test',
   extensions.crypt('Comptoir-demo-2026', extensions.gen_salt('bf', 10)), now() - interval '200 days',
   '{"provider":"email","providers":["email"]}', '{"display_name":"Opérateur Comptoir"}', now() - interval '200 days', now(), '', '', '', '');

insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select u.id::text, u.id, jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true),
       'email', now(), u.created_at, now()
  from auth.users u
 where u.id::text like '019a8f00-0000-7000-8000-%';

insert into public.memberships (tenant_id, user_id, role, created_at)
values
  ('019a8f00-1000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000001', 'owner', now() - interval '180 days'),
  ('019a8f00-1000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000002', 'admin', now() - interval '180 days'),
  ('019a8f00-1000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000003', 'manager', now() - interval '180 days'),
  ('019a8f00-1000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000004', 'sales', now() - interval '180 days'),
  ('019a8f00-1000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000005', 'technician', now() - interval '180 days'),
  ('019a8f00-1000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000006', 'member', now() - interval '180 days'),
  ('019a8f00-1000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000007', 'client', now() - interval '180 days'),
  ('019a8f00-2000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000011', 'owner', now() - interval '180 days'),
  ('019a8f00-2000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000012', 'admin', now() - interval '180 days'),
  ('019a8f00-2000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000013', 'manager', now() - interval '180 days'),
  ('019a8f00-2000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000014', 'sales', now() - interval '180 days'),
  ('019a8f00-2000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000015', 'technician', now() - interval '180 days'),
  ('019a8f00-2000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000016', 'member', now() - interval '180 days'),
  ('019a8f00-2000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000017', 'client', now() - interval '180 days'),
  ('019a8f00-1000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000021', 'manager', now() - interval '180 days'),
  ('019a8f00-2000-7000-8000-000000000001', '019a8f00-0000-7000-8000-000000000021', 'sales', now() - interval '180 days');

insert into private.platform_operators (user_id) values ('019a8f00-0000-7000-8000-000000000031');

-- Pending invitations (the emailed tokens are not known: these show in the team page only).
insert into public.invitations (tenant_id, email, role, token_hash, invited_by, expires_at)
values
  ('019a8f00-1000-7000-8000-000000000001', 'nouveau.mecanicien@garage-du-centre.test', 'technician',
   encode(extensions.digest('demo-invitation-garage', 'sha256'), 'hex'), '019a8f00-0000-7000-8000-000000000001', now() + interval '5 days'),
  ('019a8f00-2000-7000-8000-000000000001', 'stagiaire@studio-pixel.test', 'member',
   encode(extensions.digest('demo-invitation-studio', 'sha256'), 'hex'), '019a8f00-0000-7000-8000-000000000011', now() + interval '6 days');

update public.profiles set phone = '+33612345678' where user_id = '019a8f00-0000-7000-8000-000000000001';
update public.profiles set phone = '+33698765432' where user_id = '019a8f00-0000-7000-8000-000000000011';
