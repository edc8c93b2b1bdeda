// The person's language choice: kept on this browser and, for a signed-in planner, on the account.
import { setLocale, rememberLocale } from './i18n.js';
import { patch } from './api.js';
import { session } from './state.js';

export async function changeLocale(locale) {
  rememberLocale(locale);
  await setLocale(locale);
  if (session.me && !session.device && session.me.locale !== locale) {
    try {
      session.me = await patch('/me', { locale });
    } catch {
      // The choice is still kept on this browser.
    }
  }
}
