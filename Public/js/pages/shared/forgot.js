// #/forgot — ask for a password reset link. The answer is the same whether or not the email is known.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { post } from '../../api.js';
import { field, handleSubmit } from '../../forms.js';
import { pageTitle, submitButton, link, notice } from '../../ui.js';

export default async function forgot(ctx) {
  ctx.title = t('forgot.title');
  const page = h('div', { class: 'page narrow' }, pageTitle(t('forgot.title')));
  if (ctx.state.sent) {
    page.append(notice(t('forgot.sent'), 'success', 'forgot-sent'), h('p', {}, link('#/signin', t('common.toSignin'))));
    return page;
  }
  const email = field({ id: 'forgot-email', label: t('field.email'), type: 'email', attrs: { autocomplete: 'email', required: true } });
  const form = h('form', { id: 'forgot-form', class: 'stack' }, email.wrap, submitButton(t('forgot.submit'), 'forgot-submit'));
  handleSubmit(form, {
    fields: { email: email.input },
    submit: async () => {
      await post('/auth/password/forgot', { email: email.input.value.trim() });
      ctx.state.sent = true;
      ctx.refresh();
    },
  });
  page.append(h('p', { class: 'lead' }, t('forgot.lead')), h('div', { class: 'card' }, form),
    h('p', { class: 'links' }, link('#/signin', t('common.toSignin'))));
  return page;
}
