// Consent to the privacy policy (give, withdraw) and objection to optional processing (switches, off by default).
import { h } from '../../dom.js';
import { t, formatDate } from '../../i18n.js';
import { post, patch, del } from '../../api.js';
import { statusLine, showStatus, errorText } from '../../forms.js';
import { card, button, link, confirmBox } from '../../ui.js';
import { consentChanged } from '../../notices.js';

const SWITCHES = ['usageStatistics', 'productNews', 'pictureSearch'];

function consentState(consent) {
  if (consent.consentedVersion === null || consent.consentedVersion === undefined) return 'none';
  return consent.required ? 'changed' : 'given';
}

export function consentCard(who) {
  const status = statusLine();
  const body = h('div', { class: 'stack' });
  const draw = (consent) => {
    const state = consentState(consent);
    const give = button(t('privacy.consent.give'), { id: 'consent-give', class: 'button primary' });
    give.addEventListener('click', async () => {
      give.disabled = true;
      try {
        const next = await post(`${who.base}/consents`, { policyVersion: consent.currentVersion });
        if (who.isSelf) consentChanged(next);
        draw(next);
        showStatus(status, t('privacy.consent.thanks'), 'success');
        body.querySelector('#consent-state')?.focus();
      } catch (error) {
        showStatus(status, errorText(error), 'error');
        if (give.isConnected) give.disabled = false;
      }
    });
    const withdraw = confirmBox(t('privacy.consent.withdraw'), {
      id: 'consent-withdraw',
      serious: true,
      text: who.isSelf ? t('privacy.consent.withdrawConfirmSelf') : t('privacy.consent.withdrawConfirmChild', { name: who.name }),
      confirmLabel: t('privacy.consent.withdrawYes'),
      status,
      action: async () => {
        await del(`${who.base}/consents`);
        if (who.isSelf) who.signedOut('privacy.consent.withdrawnFlash');
        else await who.changed();
      },
    });
    body.replaceChildren(...[
      h('p', { id: 'consent-state', class: `consent-state consent-${state}`, dataset: { state }, tabindex: '-1' },
        t(`privacy.consent.state.${state}`, { date: formatDate(consent.updatedOn) })),
      h('div', { class: 'actions' },
        link('#/policy', t('privacy.consent.read'), { id: 'consent-policy', class: 'button' }),
        consent.consentedVersion === consent.currentVersion && !consent.required ? null : give),
      state === 'none' ? null : h('div', { class: 'stack' }, h('p', { class: 'hint' }, t('privacy.consent.withdrawLead')), withdraw),
    ].filter(Boolean));
  };
  draw(who.overview.consent);
  return card(t('privacy.consent.title'), h('p', { class: 'hint' }, t('privacy.consent.lead')), body, status);
}

function switchRow(who, key, value, status) {
  const id = `processing-${key}`;
  const input = h('input', {
    type: 'checkbox', role: 'switch', id, class: 'switch-input', checked: value, 'aria-describedby': `${id}-hint`,
  });
  input.addEventListener('change', async () => {
    const on = input.checked;
    input.disabled = true;
    showStatus(status, '');
    try {
      const res = await patch(`${who.base}/processing`, { [key]: on });
      input.checked = typeof res?.[key] === 'boolean' ? res[key] : on;
      const what = t(`privacy.processing.${key}`);
      showStatus(status, t(input.checked ? 'privacy.processing.savedOn' : 'privacy.processing.savedOff', { what }), 'success');
    } catch (error) {
      input.checked = !on;
      showStatus(status, errorText(error), 'error');
    } finally {
      input.disabled = false;
    }
  });
  return h('div', { class: 'switch-row' },
    input,
    h('div', { class: 'switch-text' },
      h('label', { for: id }, t(`privacy.processing.${key}`)),
      h('p', { class: 'hint', id: `${id}-hint` }, t(`privacy.processing.${key}Hint`))));
}

export function processingCard(who) {
  const status = statusLine();
  status.id = 'processing-status';
  const values = who.overview.processing || {};
  return card(t('privacy.processing.title'),
    h('p', { class: 'hint' }, t('privacy.processing.lead')),
    h('div', { class: 'switches', id: 'processing' }, SWITCHES.map((key) => switchRow(who, key, Boolean(values[key]), status))),
    status);
}
