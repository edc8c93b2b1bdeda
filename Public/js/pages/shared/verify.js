// #/verify?token=... — confirm an email address (a new account's, or a changed one) from the link in the mail.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { get, post } from '../../api.js';
import { errorText } from '../../forms.js';
import { pageTitle, notice, link } from '../../ui.js';
import { session } from '../../state.js';

// A token is single use: remember each outcome so showing the page again does not send it twice.
const outcomes = new Map();

function verifyOnce(token) {
  if (!outcomes.has(token)) {
    outcomes.set(token, post('/auth/verify-email', { token }).then(() => ({ ok: true }), (error) => ({ ok: false, error })));
  }
  return outcomes.get(token);
}

export default async function verify(ctx) {
  ctx.title = t('verify.title');
  const token = ctx.query.token || '';
  const outcome = token ? await verifyOnce(token) : { ok: false, error: null };
  if (outcome.ok && session.me) {
    // The link may also have been a change of address: read the account again (it may show a new email).
    session.me = await get('/me').catch(() => ({ ...session.me, emailVerified: true }));
  }
  // Confirming came in the way of accepting an invitation: go back to it.
  const pending = outcome.ok ? sessionStorage.getItem('mobilize.pendingInvitation') : null;
  const next = pending && session.me
    ? link(`#${pending}`, t('verify.toInvitation'), { class: 'button primary', id: 'verify-continue' })
    : session.me
      ? link('#/home', t('verify.toHome'), { class: 'button primary', id: 'verify-continue' })
      : link(pending ? `#/signin?next=${encodeURIComponent(pending)}` : '#/signin', t('verify.toSignin'), { class: 'button primary', id: 'verify-continue' });
  const message = outcome.ok
    ? notice(t('verify.success'), 'success', 'verify-result')
    : notice(outcome.error ? errorText(outcome.error, { 'invalid-token': 'verify.invalid' }) : t('verify.invalid'), 'error', 'verify-result');
  return h('div', { class: 'page narrow' }, pageTitle(t('verify.title')), message, h('p', {}, next));
}
