import { t } from './i18n.js';
// Who is signed in on this browser, and whether it is a paired device (a child's tablet or phone) or a planner's own
// phone or tablet handed to a child in child mode.
import { disconnect } from './realtime.js';

const DEVICE_KEY = 'mobilize.device';
const CHILD_MODE_KEY = 'mobilize.childMode';

export const session = {
  /** The signed-in User, or null. */
  me: null,
  /** True when this browser was connected with a pairing code (a device session for the user). */
  device: false,
  /** True while a planner's session is handed to a child (child mode): the device screen, taken back with a PIN. */
  childMode: false,
  /** The signed-in person's ConsentState (from GET /users/{me}/privacy), or null when not known. */
  consent: null,
};

function readFlag(key) {
  try {
    return localStorage.getItem(key) === '1';
  } catch {
    return false;
  }
}

function writeFlag(key, on) {
  try {
    if (on) localStorage.setItem(key, '1');
    else localStorage.removeItem(key);
  } catch {
    // Without storage the device screen is still chosen from the account having no login of its own.
  }
}

const readDeviceFlag = () => readFlag(DEVICE_KEY);
const writeDeviceFlag = (on) => writeFlag(DEVICE_KEY, on);

/** Record the signed-in user. A user without a login of their own can only be here through pairing. */
export function signedIn(user, { device } = {}) {
  if (session.me?.id !== user?.id) {
    session.consent = null;
    // The live connection was opened with the previous person's session.
    if (session.me) disconnect();
  }
  session.me = user;
  if (device !== undefined) writeDeviceFlag(device);
  // Child mode answers the child, who has no login; the planner's own account back means it has ended.
  if (!user || user.hasLogin !== false || readDeviceFlag()) writeFlag(CHILD_MODE_KEY, false);
  session.device = Boolean(user) && (readDeviceFlag() || user.hasLogin === false);
  session.childMode = session.device && readFlag(CHILD_MODE_KEY);
}

/** Child mode began or ended on this browser (as the server says: GET /me/child-mode). */
export function setChildMode(on) {
  writeFlag(CHILD_MODE_KEY, on);
  session.childMode = Boolean(on) && session.device;
}

/** True when this browser was a paired device (kept until sign out). */
export function wasDevice() {
  return readDeviceFlag();
}

export function signedOut() {
  disconnect();
  session.me = null;
  session.device = false;
  session.childMode = false;
  session.consent = null;
  writeDeviceFlag(false);
  writeFlag(CHILD_MODE_KEY, false);
}

/** A person as a text names them to its reader: "you" ("dig") on their own page, else their name. */
export function spokenTo(user) {
  return session.me && user?.id === session.me.id ? t('common.you') : user?.name;
}
