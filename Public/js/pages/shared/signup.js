// #/signup — an account for an adult who plans with others, or for a young person (13 or more) who plans their own
// week; registration does not sign in, so we ask the person to check their email.
import { h } from '../../dom.js';
import { t, getLocale } from '../../i18n.js';
import { post } from '../../api.js';
import { field, handleSubmit, consentCheckbox } from '../../forms.js';
import { loadPolicy } from '../../policy.js';
import { pageTitle, submitButton, link } from '../../ui.js';

function signinHref(next) {
  return next ? `#/signin?next=${encodeURIComponent(next)}` : '#/signin';
}

function doneView(next) {
  return h('div', { class: 'card', id: 'signup-done' },
    h('h2', { tabindex: '-1' }, t('signup.doneTitle')),
    h('p', {}, t('signup.doneText')),
    h('p', {}, link(signinHref(next), t('signup.toSignin'), { id: 'signup-done-signin', class: 'button primary' })));
}

/** Who the account is for: an adult who plans with others, or a young person with their birth year. */
function whoFields() {
  const year = new Date().getFullYear();
  const choice = (value, checked) => {
    const input = h('input', { type: 'radio', name: 'signup-who', id: `signup-who-${value}`, value, class: 'check-input', checked });
    return { input, wrap: h('div', { class: 'check' }, input, h('label', { for: input.id }, t(`signup.who.${value}`))) };
  };
  const adult = choice('adult', true);
  const own = choice('own', false);
  const birthYear = field({
    id: 'signup-birth-year', label: t('signup.birthYear'), type: 'number', hint: t('signup.birthYearHint'),
    attrs: { min: 1900, max: year, step: 1, inputmode: 'numeric' },
  });
  birthYear.wrap.hidden = true;
  const who = h('fieldset', { class: 'choices', id: 'signup-who' }, h('legend', {}, t('signup.who.legend')), adult.wrap, own.wrap);
  const toggle = () => {
    birthYear.wrap.hidden = !own.input.checked;
    birthYear.input.required = own.input.checked;
  };
  adult.input.addEventListener('change', toggle);
  own.input.addEventListener('change', toggle);
  return { who, own, birthYear };
}

export default async function signup(ctx) {
  ctx.title = t('signup.title');
  if (ctx.state.done) return h('div', { class: 'page narrow' }, pageTitle(t('signup.title')), doneView(ctx.query.next));

  const { who, own, birthYear } = whoFields();
  const name = field({ id: 'signup-name', label: t('field.yourName'), attrs: { autocomplete: 'name', required: true, maxlength: 100 } });
  const email = field({ id: 'signup-email', label: t('field.email'), type: 'email', attrs: { autocomplete: 'email', required: true } });
  const password = field({
    id: 'signup-password', label: t('field.password'), type: 'password', hint: t('signup.passwordHint'),
    attrs: { autocomplete: 'new-password', required: true, minlength: 8, maxlength: 128 },
  });
  const consent = consentCheckbox('signup-consent', 'consent.signup');
  const form = h('form', { id: 'signup-form', class: 'stack' },
    who, birthYear.wrap, name.wrap, email.wrap, password.wrap, consent.wrap, submitButton(t('signup.submit'), 'signup-submit'));
  const box = h('div', { class: 'card' }, form);

  handleSubmit(form, {
    fields: { name: name.input, email: email.input, password: password.input, birthYear: birthYear.input },
    errors: { conflict: 'signup.emailTaken', 'guardian-consent-needed': 'signup.under13' },
    submit: async () => {
      const policy = await loadPolicy();
      const body = {
        policyVersion: policy.version,
        email: email.input.value.trim(),
        password: password.input.value,
        name: name.input.value.trim(),
        locale: getLocale(),
      };
      if (own.input.checked) Object.assign(body, { ownWeek: true, birthYear: Number(birthYear.input.value) });
      await post('/auth/register', body);
      ctx.state.done = true;
      box.replaceWith(doneView(ctx.query.next));
      document.getElementById('signup-done')?.querySelector('h2')?.focus();
    },
  });

  return h('div', { class: 'page narrow' },
    pageTitle(t('signup.title')),
    h('p', { class: 'lead' }, t('signup.lead')),
    box,
    h('p', { class: 'links' }, link(signinHref(ctx.query.next), t('signup.haveAccount'), { id: 'signup-signin' })));
}
