// How the signed-in person is told besides their screens: by mail when an activity they were chosen for is not marked
// done in time, by SMS too (to a number proved with a code, when the server sends text messages), a daily summary of
// what was done, and service news (notices of downtime and security come regardless).
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { get, put, post, del } from '../../api.js';
import { field, handleSubmit, showStatus, statusLine } from '../../forms.js';
import { loadingCard, submitButton, button } from '../../ui.js';

function check(id, label, checked, disabled = false, hint = null) {
  const input = h('input', { type: 'checkbox', id, class: 'check-input', checked, disabled, 'aria-describedby': hint ? `${id}-hint` : undefined });
  return { input, wrap: h('div', { class: 'check-row' }, input, h('label', { for: id }, label), hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null) };
}

export function noticesCard() {
  const box = loadingCard(t('notices.title'), async (reload, status) => {
    const [settings, phone] = await Promise.all([get('/me/notice-settings'), get('/me/phone')]);
    const mail = check('notices-escalation-mail', t('notices.escalationMail'), settings.escalationMail);
    const sms = phone.smsAvailable
      ? check('notices-escalation-sms', t('notices.escalationSms'), settings.escalationSms && phone.verified, !phone.verified,
        phone.verified ? null : t('notices.smsNeedsPhone'))
      : null;
    const summary = check('notices-daily-summary', t('notices.dailySummary'), settings.dailySummary);
    const news = check('notices-service-news', t('notices.serviceNews'), settings.serviceNews);
    const form = h('form', { class: 'stack', id: 'notices-form' },
      h('p', { class: 'hint' }, t('notices.lead')), mail.wrap, sms?.wrap, summary.wrap, news.wrap,
      h('div', { class: 'actions' }, submitButton(t('notices.save'), 'notices-save')));
    handleSubmit(form, {
      status,
      submit: async () => {
        await put('/me/notice-settings', {
          escalationMail: mail.input.checked, escalationSms: Boolean(sms?.input.checked),
          dailySummary: summary.input.checked, serviceNews: news.input.checked,
        });
        showStatus(status, t('notices.saved'), 'success');
      },
    });
    return [form, phone.smsAvailable ? phoneBlock(phone, reload) : null];
  }, { id: 'notices' });
  return box.section;
}

/** The phone number for text messages: give it, prove it with the code sent to it, or remove it. */
function phoneBlock(phone, reload) {
  const said = h('p', { class: 'hint', id: 'phone-state', role: 'status', 'aria-live': 'polite' });
  const block = h('div', { class: 'stack', id: 'phone' }, h('h3', {}, t('phone.title')), said);
  if (phone.number && phone.verified) {
    said.textContent = t('phone.verified', { number: phone.number });
    block.append(h('div', { class: 'actions' }, button(t('phone.remove'), {
      id: 'phone-remove', class: 'button',
      onClick: async () => { await del('/me/phone'); reload(); },
    })));
    return block;
  }
  const number = field({ id: 'phone-number', label: t('phone.number'), value: phone.number || '', type: 'tel', attrs: { autocomplete: 'tel', maxlength: 30, required: true } });
  const give = h('form', { class: 'stack', id: 'phone-form' }, number.wrap,
    h('div', { class: 'actions' }, submitButton(t('phone.send'), 'phone-send')));
  const giveStatus = statusLine();
  handleSubmit(give, {
    fields: { number: number.input },
    status: giveStatus,
    submit: async () => {
      await put('/me/phone', { number: number.input.value });
      reload();
    },
  });
  block.append(give, giveStatus);
  if (phone.number) {
    said.textContent = t('phone.codeSent', { number: phone.number });
    const code = field({ id: 'phone-code', label: t('phone.code'), value: '', attrs: { inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, required: true } });
    const prove = h('form', { class: 'stack', id: 'phone-verify-form' }, code.wrap,
      h('div', { class: 'actions' }, submitButton(t('phone.verify'), 'phone-verify')));
    const proveStatus = statusLine();
    handleSubmit(prove, {
      fields: { code: code.input },
      status: proveStatus,
      submit: async () => {
        await post('/me/phone/verify', { code: code.input.value });
        reload();
      },
    });
    block.insertBefore(prove, give);
    block.insertBefore(proveStatus, give);
  } else {
    said.textContent = t('phone.lead');
  }
  return block;
}
