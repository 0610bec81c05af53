/**
 * The companies delete_my_account names when it refuses with `last_owner` (the user is their
 * only owner). Read defensively from the error's details: a list of `{id, name}` under
 * `tenants` (also accepted: `tenant_id` / `tenant_name`). Anything else gives an empty list, and
 * the screen falls back to the generic last-owner message.
 */
export type SoleOwnerTenant = { readonly id: string; readonly name: string };

function readEntry(entry: unknown): SoleOwnerTenant | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const record = entry as Record<string, unknown>;
  const id = record['id'] ?? record['tenant_id'];
  const name = record['name'] ?? record['tenant_name'];
  return typeof id === 'string' && id !== '' && typeof name === 'string' && name !== '' ? { id, name } : undefined;
}

export function readSoleOwnerTenants(details: Readonly<Record<string, unknown>> | undefined): SoleOwnerTenant[] {
  const list = details?.['tenants'];
  if (!Array.isArray(list)) return [];
  return list.map(readEntry).filter((tenant): tenant is SoleOwnerTenant => tenant !== undefined);
}
