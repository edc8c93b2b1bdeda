// #/pair?code=... — connect a child's device with the code a planner made. The device is then signed in as the child.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { post } from '../../api.js';
import { field, handleSubmit } from '../../forms.js';
import { pageTitle, submitButton, notice } from '../../ui.js';
import { session } from '../../state.js';

/** Show an 8-character code as ABCD-EFGH. */
function formatCode(raw) {
  const clean = String(raw || '').toUpperCase().replace(/[^0-9A-Z]/g, '');
  return clean.length === 8 ? `${clean.slice(0, 4)}-${clean.slice(4)}` : String(raw || '').toUpperCase();
}

function guessDeviceName() {
  const ua = navigator.userAgent || '';
  if (/iPad/.test(ua)) return 'iPad';
  if (/iPhone/.test(ua)) return 'iPhone';
  if (/Android/.test(ua)) return 'Android';
  if (/Macintosh/.test(ua)) return 'Mac';
  if (/Windows/.test(ua)) return 'Windows';
  if (/CrOS/.test(ua)) return 'Chromebook';
  if (/Linux/.test(ua)) return 'Linux';
  return '';
}

export default async function pair(ctx) {
  ctx.title = t('pair.title');
  const code = field({
    id: 'pair-code', label: t('pair.code'), value: formatCode(ctx.query.code), hint: t('pair.codeHint'),
    attrs: { required: true, autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', maxlength: 12, class: 'code-input' },
  });
  const deviceName = field({
    id: 'pair-device-name', label: t('pair.deviceName'), value: guessDeviceName(), hint: t('pair.deviceNameHint'),
    attrs: { required: true, maxlength: 100, autocomplete: 'off' },
  });
  const form = h('form', { id: 'pair-form', class: 'stack' }, code.wrap, deviceName.wrap, submitButton(t('pair.submit'), 'pair-submit'));
  handleSubmit(form, {
    fields: { code: code.input, deviceName: deviceName.input },
    errors: { 'invalid-token': 'pair.invalid' },
    submit: async () => {
      const res = await post('/auth/pair', { code: code.input.value.trim(), deviceName: deviceName.input.value.trim() });
      // A sign-in code for a young person's own phone signs them in as themselves: their own week.
      ctx.signedIn(res.user, { device: res.device !== false });
      await ctx.adoptLocale(res.user);
      ctx.navigate(res.device === false ? ctx.homePath(res.user) : '/device', { replace: true });
    },
  });
  const plannerHere = session.me && !session.device;
  return h('div', { class: 'page narrow' },
    pageTitle(t('pair.title')),
    h('p', { class: 'lead' }, t('pair.lead')),
    plannerHere ? notice(t('pair.plannerWarning', { name: session.me.name }), 'info', 'pair-planner-warning') : null,
    h('div', { class: 'card' }, form));
}
