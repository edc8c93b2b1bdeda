// Child mode: a planner hands their own phone or tablet to a child, and takes it back with a PIN. The server keeps the
// session locked to the child (GET /me then answers the child) until the PIN unlocks it.
import { get, post, put } from './api.js';
import { setChildMode } from './state.js';

export const PIN_PATTERN = /^[0-9]{4,8}$/;

/** { locked, userId, pinSet } of this session. */
export const childModeState = () => get('/me/child-mode');

/** Choose (or change) the PIN; needs the planner's password, so that a child cannot. */
export const choosePin = (pin, password) => put('/me/child-mode-pin', { pin, password });

/** Hand this session to `userId`; resolves with the child, who is now the signed-in user of this browser. */
export async function lockTo(userId) {
  await post('/me/child-mode', { userId });
  setChildMode(true);
  return get('/me');
}

/** Take the session back with `{ pin }` or with the planner's `{ password }`; resolves with the planner. */
export async function unlock(proof) {
  await post('/me/child-mode/unlock', proof);
  setChildMode(false);
  return get('/me');
}
