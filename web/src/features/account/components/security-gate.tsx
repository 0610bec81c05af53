/** Wraps the signed-in area: inactivity lock and MFA step-up (placeholder renders the page). */
import { Outlet } from 'react-router';

export function SecurityGate() {
  return <Outlet />;
}
