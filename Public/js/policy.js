// The privacy policy in force: loaded once per language, and named with its date in the footer of every page.
import { h } from './dom.js';
import { session } from './state.js';
import { t, getLocale, formatDate } from './i18n.js';
import { get } from './api.js';

const cache = new Map();

/** GET /privacy/policy?lang=… (public), remembered per language for this page load. */
export function loadPolicy(lang = getLocale()) {
  if (!cache.has(lang)) {
    const pending = get(`/privacy/policy?lang=${encodeURIComponent(lang)}`);
    pending.catch(() => cache.delete(lang));
    cache.set(lang, pending);
  }
  return cache.get(lang);
}

/** "Privacy policy · last updated <date>", linking to #/policy, and the pictograms' attribution. */
export function renderFooter(root) {
  // A child's locked screen has no way out but the planner's own: the credit stays, as words only.
  if (session.childMode) {
    root.replaceChildren(h('div', { class: 'footer-inner' },
      h('p', { id: 'footer-pictograms' }, t('footer.pictograms'), ' ', t('footer.openMoji'), ' · CC BY-SA 4.0')));
    return;
  }
  const policyLink = h('a', { href: '#/policy', id: 'footer-policy' }, t('footer.policy'));
  const attribution = h('p', { id: 'footer-pictograms' },
    t('footer.pictograms'), ' ',
    t('footer.openMoji'), ' · ',
    h('a', { href: '#/licences', id: 'footer-licence' }, 'CC BY-SA 4.0'));
  root.replaceChildren(h('div', { class: 'footer-inner' }, h('p', {}, policyLink), attribution));
  const lang = getLocale();
  loadPolicy(lang).then((policy) => {
    if (policyLink.isConnected && lang === getLocale() && policy?.updatedOn) {
      policyLink.textContent = t('footer.policyUpdated', { date: formatDate(policy.updatedOn) });
    }
  }, () => {});
}
