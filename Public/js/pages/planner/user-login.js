// A young person's own sign-in, given by their guardian: a username and password, an email address (they choose their
// password from the mail), or a one-time code with a QR for their own phone. Own sign-in is for planning one's own
// week, so a Me account can be moved to PlaNet here too; plans, pictures, planners and the log stay as they are.
import { h, importSvg } from '../../dom.js';
import { t, formatTime } from '../../i18n.js';
import { put, post, patch, seg } from '../../api.js';
import { field, handleSubmit, statusLine, showStatus, errorText } from '../../forms.js';
import { card, submitButton, button } from '../../ui.js';

function usernameForm(user, onSaved) {
  const username = field({
    id: 'login-username', label: t('login.username'), value: user.username || '', hint: t('login.usernameHint'),
    attrs: { required: true, minlength: 3, maxlength: 32, autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false' },
  });
  const password = field({
    id: 'login-password', label: t('login.password'), type: 'password', hint: t('signup.passwordHint'),
    attrs: { required: true, minlength: 8, maxlength: 128, autocomplete: 'new-password' },
  });
  const form = h('form', { id: 'login-username-form', class: 'stack' },
    h('h3', {}, t('login.usernameTitle')), username.wrap, password.wrap,
    submitButton(t(user.username ? 'login.usernameChange' : 'login.usernameSubmit'), 'login-username-submit'));
  handleSubmit(form, {
    fields: { username: username.input, password: password.input },
    submit: async () => {
      const saved = await put(`/users/${seg(user.id)}/login`, { username: username.input.value.trim(), password: password.input.value });
      onSaved(saved, t('login.usernameGiven', { name: saved.name, username: saved.username }));
    },
  });
  return form;
}

function emailForm(user, onSaved) {
  const email = field({ id: 'login-email', label: t('field.email'), type: 'email', attrs: { required: true, autocomplete: 'off' } });
  const form = h('form', { id: 'login-email-form', class: 'stack' },
    h('h3', {}, t('login.emailTitle')), h('p', { class: 'hint' }, t('login.emailLead', { name: user.name })), email.wrap,
    submitButton(t('login.emailSubmit'), 'login-email-submit'));
  handleSubmit(form, {
    fields: { email: email.input },
    submit: async () => {
      const address = email.input.value.trim();
      const saved = await put(`/users/${seg(user.id)}/login`, { email: address });
      onSaved(saved, t('login.emailSent', { name: saved.name, email: address }));
    },
  });
  return form;
}

function codePanel(user) {
  const status = statusLine();
  const area = h('div', { id: 'login-code-area' });
  const make = button(t('login.codeSubmit'), {
    id: 'login-code-make', class: 'button',
    onClick: async () => {
      make.disabled = true;
      try {
        const code = await post(`/users/${seg(user.id)}/sign-in-codes`);
        const qr = h('div', { id: 'login-code-qr', class: 'qr' });
        const svg = importSvg(code.qrSvg);
        if (svg) qr.append(svg);
        area.replaceChildren(
          h('p', {}, t('login.codeInstructions', { name: user.name, url: `${location.origin}/#/pair` })),
          h('p', { id: 'login-code', class: 'pairing-code', tabindex: '-1' }, code.code),
          svg ? h('p', { class: 'hint' }, t('pairing.scan')) : null,
          qr,
          h('p', { class: 'hint', id: 'login-code-expiry' }, t('pairing.expires', { time: formatTime(code.expiresAt) })));
        area.querySelector('#login-code').focus();
      } catch (error) {
        showStatus(status, errorText(error), 'error');
      } finally {
        make.disabled = false;
      }
    },
  });
  return h('div', { class: 'stack', id: 'login-code-panel' },
    h('h3', {}, t('login.codeTitle')), h('p', { class: 'hint' }, t('login.codeLead', { name: user.name })), make, area, status);
}

function planetSwitch(user, onSaved) {
  const status = statusLine();
  const move = button(t('login.toPlanet'), {
    id: 'login-to-planet', class: 'button',
    onClick: async () => {
      move.disabled = true;
      try {
        const saved = await patch(`/users/${seg(user.id)}`, { app: 'planet' });
        onSaved(saved);
      } catch (error) {
        showStatus(status, errorText(error), 'error');
        move.disabled = false;
      }
    },
  });
  return h('div', { class: 'stack', id: 'login-planet' }, h('p', {}, t('login.toPlanetLead', { name: user.name })), move, status);
}

/** The guardian's card on the child's page. */
export function loginCard({ user, onSaved }) {
  const section = h('section', { class: 'card', id: 'user-login', 'aria-labelledby': 'user-login-title' });
  const draw = (current, flash) => {
    const saved = (fresh, message) => { onSaved(fresh); draw(fresh, message); };
    let state;
    if (current.email && current.hasLogin) state = t('login.hasEmail', { name: current.name, email: current.email });
    else if (current.username) state = t('login.hasUsername', { name: current.name, username: current.username });
    else state = t('login.none', { name: current.name });
    // Someone who signs in with their own address keeps it theirs.
    const ways = current.email && current.hasLogin ? [] : [usernameForm(current, saved), emailForm(current, saved), codePanel(current)];
    section.replaceChildren(...[
      h('h2', { id: 'user-login-title' }, t('login.title')),
      h('p', { id: 'login-state' }, state),
      h('p', { class: 'status status-success', role: 'status', id: 'login-status' }, flash || ''),
      current.app === 'me' ? planetSwitch(current, saved) : null,
      ...ways,
    ].filter(Boolean));
  };
  draw(user);
  return section;
}
