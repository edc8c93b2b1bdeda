// Notifications on this device: Web Push through the browser's push service, for reminders that come while the app
// is not in front. The browser asks the person first; the subscription belongs to this sign-in and ends with it.
import { get, post, del, getAll, seg } from './api.js';

export const pushSupported = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

function keyBytes(base64url) {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4);
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

async function registration() {
  return navigator.serviceWorker.register('/sw.js');
}

/** 'unsupported', 'denied' (the browser was told no), 'on' or 'off'. */
export async function pushState() {
  if (!pushSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  const existing = await (await registration()).pushManager.getSubscription();
  if (!existing) return 'off';
  const mine = await getAll('/me/push-subscriptions');
  return mine.some((s) => s.thisDevice) ? 'on' : 'off';
}

/** Ask the browser, subscribe, and tell the server. Answers the new state. */
export async function enablePush() {
  if (!pushSupported()) return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return permission === 'denied' ? 'denied' : 'off';
  const reg = await registration();
  const { publicKey } = await get('/push/key');
  let subscription = await reg.pushManager.getSubscription();
  if (!subscription) {
    subscription = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
  }
  const { endpoint, keys } = subscription.toJSON();
  await post('/me/push-subscriptions', { endpoint, keys });
  return 'on';
}

/** Stop notifications on this device. */
export async function disablePush() {
  const mine = await getAll('/me/push-subscriptions');
  for (const subscription of mine.filter((s) => s.thisDevice)) await del(`/me/push-subscriptions/${seg(subscription.id)}`);
  const existing = pushSupported() ? await (await registration()).pushManager.getSubscription() : null;
  await existing?.unsubscribe();
  return 'off';
}
