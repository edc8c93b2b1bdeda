// #/signin — email (or a young person's username) and password; afterwards go to `next` (a hash route) or home.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { post } from '../../api.js';
import { field, handleSubmit } from '../../forms.js';
import { pageTitle, submitButton, link } from '../../ui.js';

function safeNext(next) {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') ? next : '/home';
}

export default async function signin(ctx) {
  ctx.title = t('signin.title');
  const email = field({
    id: 'signin-email', label: t('signin.emailOrUsername'), type: 'text',
    attrs: { autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false', maxlength: 254 },
  });
  const password = field({ id: 'signin-password', label: t('field.password'), type: 'password', attrs: { autocomplete: 'current-password', required: true } });
  const form = h('form', { id: 'signin-form', class: 'stack' }, email.wrap, password.wrap, submitButton(t('signin.submit'), 'signin-submit'));

  handleSubmit(form, {
    fields: { email: email.input, username: email.input, password: password.input },
    errors: { 'invalid-credentials': 'signin.invalid' },
    submit: async () => {
      // An address has an @; anything else is a young person's username.
      const name = email.input.value.trim();
      const res = await post('/auth/login', { [name.includes('@') ? 'email' : 'username']: name, password: password.input.value });
      ctx.signedIn(res.user, { device: false });
      await ctx.adoptLocale(res.user);
      ctx.navigate(safeNext(ctx.query.next), { replace: true });
    },
  });

  return h('div', { class: 'page narrow' },
    pageTitle(t('signin.title')),
    ctx.query.next ? h('p', { class: 'lead' }, t('signin.needed')) : h('p', { class: 'lead' }, t('signin.lead')),
    h('div', { class: 'card' }, form),
    h('p', { class: 'links' },
      link('#/forgot', t('signin.forgot'), { id: 'signin-forgot' }),
      link(ctx.query.next ? `#/signup?next=${encodeURIComponent(ctx.query.next)}` : '#/signup', t('signin.toSignup'), { id: 'signin-signup' })));
}
