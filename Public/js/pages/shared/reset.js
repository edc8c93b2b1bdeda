// #/reset?token=... — choose a new password from the link in the mail.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { get, post } from '../../api.js';
import { session } from '../../state.js';
import { field, handleSubmit } from '../../forms.js';
import { pageTitle, submitButton, link, notice } from '../../ui.js';

export default async function reset(ctx) {
  ctx.title = t('reset.title');
  const token = ctx.query.token || '';
  const page = h('div', { class: 'page narrow' }, pageTitle(t('reset.title')));
  if (!token) {
    page.append(notice(t('reset.invalid'), 'error'), h('p', {}, link('#/forgot', t('reset.again'))));
    return page;
  }
  const password = field({
    id: 'reset-password', label: t('field.newPassword'), type: 'password', hint: t('signup.passwordHint'),
    attrs: { autocomplete: 'new-password', required: true, minlength: 8, maxlength: 128 },
  });
  const form = h('form', { id: 'reset-form', class: 'stack' }, password.wrap, submitButton(t('reset.submit'), 'reset-submit'));
  handleSubmit(form, {
    fields: { password: password.input },
    errors: { 'invalid-token': 'reset.invalid' },
    submit: async () => {
      await post('/auth/password/reset', { token, password: password.input.value });
      // The reset ends every session of that account; this browser may or may not have been one of them.
      try {
        ctx.signedIn(await get('/me'));
      } catch {
        ctx.signedOut();
      }
      ctx.navigate(session.me ? '/home' : '/signin', { replace: true, flash: 'reset.done' });
    },
  });
  page.append(h('p', { class: 'lead' }, t('reset.lead')), h('div', { class: 'card' }, form),
    h('p', { class: 'links' }, link('#/forgot', t('reset.again'))));
  return page;
}
