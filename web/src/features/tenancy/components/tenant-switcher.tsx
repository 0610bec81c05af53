/** Header control to switch between the tenants the user belongs to (placeholder). */
export function TenantSwitcher() {
  return null;
}
