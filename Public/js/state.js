// Who is signed in on this browser, and whether it is a paired device (a child's tablet or phone).
import { disconnect } from './realtime.js';

const DEVICE_KEY = 'mobilize.device';

export const session = {
  /** The signed-in User, or null. */
  me: null,
  /** True when this browser was connected with a pairing code (a device session for the user). */
  device: false,
  /** The signed-in person's ConsentState (from GET /users/{me}/privacy), or null when not known. */
  consent: null,
};

function readDeviceFlag() {
  try {
    return localStorage.getItem(DEVICE_KEY) === '1';
  } catch {
    return false;
  }
}

function writeDeviceFlag(on) {
  try {
    if (on) localStorage.setItem(DEVICE_KEY, '1');
    else localStorage.removeItem(DEVICE_KEY);
  } catch {
    // Without storage the device screen is still chosen from the account having no login of its own.
  }
}

/** Record the signed-in user. A user without a login of their own can only be here through pairing. */
export function signedIn(user, { device } = {}) {
  if (session.me?.id !== user?.id) {
    session.consent = null;
    // The live connection was opened with the previous person's session.
    if (session.me) disconnect();
  }
  session.me = user;
  if (device !== undefined) writeDeviceFlag(device);
  session.device = Boolean(user) && (readDeviceFlag() || user.hasLogin === false);
}

/** True when this browser was a paired device (kept until sign out). */
export function wasDevice() {
  return readDeviceFlag();
}

export function signedOut() {
  disconnect();
  session.me = null;
  session.device = false;
  session.consent = null;
  writeDeviceFlag(false);
}
