// #/account — name, language, email address and password of the signed-in person, and the way to the privacy page.
import { h } from '../../dom.js';
import { t, getLocale, locales } from '../../i18n.js';
import { patch, put } from '../../api.js';
import { field, selectField, handleSubmit, showStatus } from '../../forms.js';
import { pageTitle, card, submitButton, link } from '../../ui.js';
import { session } from '../../state.js';
import { changeLocale } from '../../prefs.js';
import { remindersCard, pushBlock } from '../planner/user-reminders.js';
import { noticesCard } from './notices.js';

function profileForm(ctx) {
  const me = session.me;
  const name = field({ id: 'account-name', label: t('field.yourName'), value: me.name, attrs: { required: true, maxlength: 100, autocomplete: 'name' } });
  const form = h('form', { id: 'account-form', class: 'stack' },
    h('p', { class: 'hint', id: 'account-email' }, t('account.email', { email: me.email || '' })),
    name.wrap, submitButton(t('account.save'), 'account-submit'));
  const status = handleSubmit(form, {
    fields: { name: name.input },
    submit: async () => {
      session.me = await patch('/me', { name: name.input.value.trim() });
      showStatus(status, t('account.saved'), 'success');
    },
  });
  return form;
}

function languageForm() {
  const lang = selectField({
    id: 'account-locale', label: t('account.languageLabel'), value: getLocale(), hint: t('account.languageHint'),
    options: locales().map(({ code, name }) => ({ value: code, label: name })),
  });
  lang.input.addEventListener('change', () => changeLocale(lang.input.value));
  return h('div', { class: 'stack' }, lang.wrap);
}

function emailForm() {
  const email = field({ id: 'email-new', label: t('account.newEmail'), type: 'email', attrs: { required: true, maxlength: 254, autocomplete: 'email' } });
  const password = field({ id: 'email-password', label: t('account.currentPassword'), type: 'password', attrs: { required: true, autocomplete: 'current-password' } });
  const form = h('form', { id: 'email-form', class: 'stack' },
    email.wrap, password.wrap, submitButton(t('account.changeEmail'), 'email-submit'));
  const status = handleSubmit(form, {
    fields: { email: email.input, password: password.input },
    fieldMessages: { password: 'fieldError.currentPassword' },
    errors: { conflict: 'account.emailTaken' },
    submit: async () => {
      const address = email.input.value.trim();
      await put('/me/email', { email: address, password: password.input.value });
      form.reset();
      showStatus(status, t('account.emailSent', { email: address }), 'success');
    },
  });
  status.id = 'email-status';
  return form;
}

function passwordForm() {
  const current = field({ id: 'password-current', label: t('account.currentPassword'), type: 'password', attrs: { required: true, autocomplete: 'current-password' } });
  const next = field({
    id: 'password-new', label: t('field.newPassword'), type: 'password', hint: t('signup.passwordHint'),
    attrs: { required: true, minlength: 8, maxlength: 128, autocomplete: 'new-password' },
  });
  const form = h('form', { id: 'password-form', class: 'stack' },
    current.wrap, next.wrap, submitButton(t('account.changePassword'), 'password-submit'));
  const status = handleSubmit(form, {
    fields: { currentPassword: current.input, newPassword: next.input },
    errors: { 403: 'fieldError.currentPassword' },
    submit: async () => {
      await put('/me/password', { currentPassword: current.input.value, newPassword: next.input.value });
      form.reset();
      showStatus(status, t('account.passwordChanged'), 'success');
    },
  });
  return form;
}

export default async function account(ctx) {
  ctx.title = t('account.title');
  return h('div', { class: 'page' },
    pageTitle(t('account.title')),
    card(t('account.profile'), profileForm(ctx)),
    card(t('account.language'), languageForm()),
    card(t('account.emailTitle'), h('p', { class: 'hint' }, t('account.emailLead')), emailForm()),
    card(t('account.password'), h('p', { class: 'hint' }, t('account.passwordLead')), passwordForm()),
    // Someone who plans their own week sets how they are reminded; everyone may have notifications here.
    session.me.ownWeek
      ? remindersCard({ user: session.me, canChange: session.me.app === 'planet', isSelf: true })
      : card(t('push.title'), pushBlock({ heading: false })),
    // Mail goes only to a confirmed address.
    session.me.email ? noticesCard() : null,
    card(t('account.privacy'), h('p', { class: 'hint' }, t('account.privacyLead')),
      h('p', {}, link('#/privacy', t('account.toPrivacy'), { id: 'account-privacy', class: 'button' }))));
}
