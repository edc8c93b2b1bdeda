// #/unsubscribe?token=... — the link in a service notice: no more service news by mail, with one tap. It asks first
// (a mail program that opens links to check them must not unsubscribe anyone); no sign-in is needed.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { post } from '../../api.js';
import { errorText } from '../../forms.js';
import { pageTitle, notice, button, link } from '../../ui.js';

export default async function unsubscribe(ctx) {
  ctx.title = t('unsubscribe.title');
  const token = ctx.query.token || '';
  const result = h('div', { id: 'unsubscribe-result', role: 'status', 'aria-live': 'polite' });
  const yes = button(t('unsubscribe.confirm'), {
    id: 'unsubscribe-confirm', class: 'button primary',
    onClick: async () => {
      yes.disabled = true;
      try {
        await post('/notices/unsubscribe', { token });
        yes.remove();
        result.replaceChildren(notice(t('unsubscribe.done'), 'success'));
      } catch (error) {
        yes.disabled = false;
        result.replaceChildren(notice(errorText(error, { 404: 'unsubscribe.unknown' }), 'error'));
      }
    },
  });
  return h('div', { class: 'page narrow' }, pageTitle(t('unsubscribe.title')),
    h('p', {}, t('unsubscribe.lead')),
    token ? yes : notice(t('unsubscribe.unknown'), 'error'),
    result,
    h('p', {}, link('#/account', t('unsubscribe.account'), { id: 'unsubscribe-account' })));
}
