// Restriction ("we keep the data but don't use it") and erasure of the whole account, with a calm confirmation
// and a way back during the 30 days before the account is erased.
import { h } from '../../dom.js';
import { t, formatDate } from '../../i18n.js';
import { post, del } from '../../api.js';
import { statusLine, showStatus, errorText } from '../../forms.js';
import { card, button, actionButton, confirmBox } from '../../ui.js';

export function restrictCard(who) {
  const status = statusLine();
  const { restricted, erasureDueAt } = who.overview;
  const content = restricted
    ? [
      h('p', { id: 'restriction-state', class: 'notice notice-info', dataset: { state: 'restricted' } }, t('privacy.restrict.isRestricted')),
      erasureDueAt ? h('p', { class: 'hint' }, t('privacy.restrict.liftCancelsErasure')) : null,
      h('div', { class: 'actions' }, actionButton(t('privacy.restrict.lift'), {
        status,
        props: { id: 'restriction-lift', class: 'button primary' },
        action: async () => {
          await del(`${who.base}/restriction`);
          await who.changed();
        },
      })),
    ]
    : [
      h('p', { id: 'restriction-state', class: 'hint', dataset: { state: 'open' } }, t('privacy.restrict.explain')),
      confirmBox(t('privacy.restrict.start'), {
        id: 'restriction-start',
        text: who.isSelf ? t('privacy.restrict.confirmSelf') : t('privacy.restrict.confirmChild', { name: who.name }),
        confirmLabel: t('privacy.restrict.yes'),
        status,
        action: async () => {
          await post(`${who.base}/restriction`);
          await who.changed();
        },
      }),
    ];
  return card(t('privacy.restrict.title'), h('div', { class: 'stack', id: 'restriction' }, h('p', {}, t('privacy.restrict.lead')), content), status);
}

function scheduled(who, due, status) {
  return [
    h('p', { id: 'deletion-due', class: 'notice notice-info', dataset: { due } }, t('privacy.delete.due', { date: formatDate(due) })),
    h('p', {}, t('privacy.delete.changeMind')),
    h('div', { class: 'actions' }, actionButton(t('privacy.delete.cancel'), {
      status,
      props: { id: 'deletion-cancel', class: 'button primary' },
      action: async () => {
        await del(`${who.base}/deletion`);
        await who.changed();
      },
    })),
  ];
}

function request(who, status) {
  // Transient: a redraw (e.g. a language switch) starts unticked again, together with the disabled button.
  const tick = h('input', { type: 'checkbox', id: 'deletion-confirm', class: 'check-input', dataset: { transient: '' } });
  const submit = button(t('privacy.delete.submit'), { id: 'deletion-submit', class: 'button serious', disabled: true });
  tick.addEventListener('change', () => { submit.disabled = !tick.checked; });
  submit.addEventListener('click', async () => {
    if (!tick.checked) return;
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    try {
      await post(`${who.base}/deletion`);
      if (who.isSelf) who.signedOut('privacy.delete.signedOutFlash');
      else await who.changed();
    } catch (error) {
      showStatus(status, errorText(error), 'error');
      if (submit.isConnected) {
        submit.disabled = !tick.checked;
        submit.removeAttribute('aria-busy');
      }
    }
  });
  return [
    h('p', {}, who.isSelf ? t('privacy.delete.explainSelf') : t('privacy.delete.explainChild', { name: who.name })),
    h('div', { class: 'check-row' }, tick,
      h('label', { for: tick.id }, who.isSelf ? t('privacy.delete.understandSelf') : t('privacy.delete.understandChild', { name: who.name }))),
    h('div', { class: 'actions' }, submit),
  ];
}

export function deletionCard(who) {
  const status = statusLine();
  const due = who.overview.erasureDueAt;
  return card(t('privacy.delete.title'),
    h('div', { class: 'stack', id: 'deletion' }, due ? scheduled(who, due, status) : request(who, status)),
    status);
}
