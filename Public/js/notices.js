// Notices at the top of every page for the signed-in person: a restricted account (only the privacy page works),
// and a significant change of the privacy policy that asks for consent again.
import { h } from './dom.js';
import { t, formatDate } from './i18n.js';
import { get, post, seg } from './api.js';
import { session } from './state.js';
import { statusLine, showStatus, errorText } from './forms.js';
import { button, link } from './ui.js';

let knownFor = null;
let lastDraw = null;
let thanked = false;
let shownPath = null;

/** The signed-in person's consent state, fetched once per person (or again with `force`). */
export async function loadConsent({ force = false } = {}) {
  const me = session.me;
  if (!me || session.device) return null;
  if (!force && knownFor === me.id && session.consent) return session.consent;
  try {
    const overview = await get(`/users/${seg(me.id)}/privacy`);
    if (session.me?.id === me.id) session.consent = overview.consent;
  } catch {
    // Without an answer no notice is shown; the privacy page still shows the state.
    session.consent = null;
  }
  knownFor = me.id;
  return session.consent;
}

/** Remember a consent given or withdrawn elsewhere (the privacy page) and redraw the notices at once. */
export function consentChanged(state) {
  session.consent = state;
  knownFor = session.me?.id || null;
  if (lastDraw) renderNotices(lastDraw.root, lastDraw.path, { onChange: lastDraw.onChange });
}

function restrictedBanner(path) {
  const me = session.me;
  return h('aside', { class: 'banner', id: 'restricted-banner', 'aria-labelledby': 'restricted-banner-title' },
    h('h2', { id: 'restricted-banner-title' }, t('restricted.title')),
    h('p', {}, t('restricted.text')),
    me.erasureDueAt ? h('p', { id: 'restricted-erasure' }, t('restricted.erasure', { date: formatDate(me.erasureDueAt) })) : null,
    path === '/privacy' ? null : h('p', {}, link('#/privacy', t('restricted.toPrivacy'), { id: 'restricted-to-privacy' })));
}

function consentNotice(consent, path, onChange) {
  const status = statusLine();
  const changed = consent.consentedVersion !== null && consent.consentedVersion !== undefined;
  const agree = button(t('consentNotice.agree'), {
    id: 'consent-notice-agree',
    class: 'button primary',
    onClick: async () => {
      agree.disabled = true;
      try {
        const state = await post(`/users/${seg(session.me.id)}/consents`, { policyVersion: consent.currentVersion });
        thanked = true;
        consentChanged(state);
        onChange();
      } catch (error) {
        showStatus(status, errorText(error), 'error');
        agree.disabled = false;
      }
    },
  });
  return h('aside', { class: 'banner', id: 'consent-notice', 'aria-labelledby': 'consent-notice-title' },
    h('h2', { id: 'consent-notice-title' }, t(changed ? 'consentNotice.titleChanged' : 'consentNotice.titleNew')),
    h('p', {}, t(changed ? 'consentNotice.textChanged' : 'consentNotice.textNew', { date: formatDate(consent.updatedOn) })),
    h('div', { class: 'actions' },
      path === '/policy' ? null : link('#/policy', t('consentNotice.read'), { id: 'consent-notice-policy', class: 'button' }),
      agree),
    h('p', { class: 'hint' }, t('consentNotice.choices'), ' ', link('#/privacy', t('consentNotice.toPrivacy'), { id: 'consent-notice-privacy' })),
    status);
}

/**
 * Draw the notices for `path` into `root`. `onChange` is called after the person agrees (to redraw the page).
 * The consent state is loaded in the background the first time.
 */
export async function renderNotices(root, path, { onChange }) {
  lastDraw = { root, path, onChange };
  if (path !== shownPath) thanked = false;
  shownPath = path;
  const me = session.me;
  if (!me || session.device) {
    root.replaceChildren();
    return;
  }
  if (me.restricted) {
    root.replaceChildren(restrictedBanner(path));
    return;
  }
  const consent = await loadConsent();
  if (session.me !== me || shownPath !== path) return;
  if (consent?.required) root.replaceChildren(consentNotice(consent, path, onChange));
  else if (thanked) root.replaceChildren(h('p', { class: 'notice notice-success', role: 'status', id: 'consent-thanks' }, t('consentNotice.thanks')));
  else root.replaceChildren();
}
