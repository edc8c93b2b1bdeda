// #/setup-login?token=... — a young person chooses the password of the sign-in their guardian gave, and is signed in.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { post } from '../../api.js';
import { field, handleSubmit } from '../../forms.js';
import { pageTitle, submitButton } from '../../ui.js';

export default async function setupLogin(ctx) {
  ctx.title = t('setupLogin.title');
  const password = field({
    id: 'setup-password', label: t('setupLogin.password'), type: 'password', hint: t('signup.passwordHint'),
    attrs: { autocomplete: 'new-password', required: true, minlength: 8, maxlength: 128 },
  });
  const form = h('form', { id: 'setup-form', class: 'stack' }, password.wrap, submitButton(t('setupLogin.submit'), 'setup-submit'));
  handleSubmit(form, {
    fields: { password: password.input },
    errors: { 'invalid-token': 'setupLogin.invalid' },
    submit: async () => {
      const res = await post('/auth/setup-login', { token: ctx.query.token || '', password: password.input.value });
      ctx.signedIn(res.user, { device: false });
      await ctx.adoptLocale(res.user);
      ctx.navigate(ctx.homePath(res.user), { replace: true, flash: 'setupLogin.done' });
    },
  });
  return h('div', { class: 'page narrow' },
    pageTitle(t('setupLogin.title')),
    h('p', { class: 'lead' }, t('setupLogin.lead')),
    h('div', { class: 'card' }, form));
}
