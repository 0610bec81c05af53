/** This device's PIN status for a user (set, blocked, attempts left), live across tabs. */
import { useMemo, useSyncExternalStore } from 'react';
import { getDevicePinStatus, subscribeToDevicePin, type DevicePinStatus } from '../internal/device-pin.ts';

export function useDevicePinStatus(userId: string): DevicePinStatus {
  // A string snapshot: useSyncExternalStore needs a value that stays equal while nothing changed.
  const snapshot = useSyncExternalStore(
    subscribeToDevicePin,
    () => JSON.stringify(getDevicePinStatus(userId)),
    () => JSON.stringify({ isSet: false }),
  );
  return useMemo(() => JSON.parse(snapshot) as DevicePinStatus, [snapshot]);
}
