// What a mailed invitation (to plan with a user, or a school's enrolment of a pupil) shows before it can be answered:
// only the address it was mailed to may answer it, once that address is confirmed.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { post } from '../../api.js';
import { statusLine, showStatus } from '../../forms.js';
import { notice, actionButton, button } from '../../ui.js';
import { session } from '../../state.js';

/**
 * The card to show instead of the answer buttons, or null when the signed-in person may answer.
 * `prefix` names the elements (`${prefix}-elsewhere`, `${prefix}-switch`, ...); `lead` is shown above the notice.
 */
export function invitationGate(ctx, preview, { prefix, here, lead = null }) {
  if (!preview.forYou) {
    return h('div', { class: 'card', id: `${prefix}-preview` }, lead,
      notice(t('invitation.otherAddress', { sentTo: preview.sentTo, me: session.me?.email || '' }), 'info', `${prefix}-elsewhere`),
      h('div', { class: 'actions' }, button(t('invitation.switchAccount'), {
        id: `${prefix}-switch`, class: 'button primary',
        onClick: async () => {
          await post('/auth/logout').catch(() => {});
          ctx.signedOut();
          ctx.navigate(`/signin?next=${encodeURIComponent(here)}`);
        },
      })));
  }
  if (!preview.emailVerified) {
    sessionStorage.setItem('mobilize.pendingInvitation', here);
    const sent = statusLine();
    return h('div', { class: 'card', id: `${prefix}-preview` }, lead,
      notice(t('invitation.confirmFirst', { email: session.me?.email || '' }), 'info', `${prefix}-unconfirmed`),
      h('div', { class: 'actions' }, actionButton(t('home.verifyResend'), {
        status: sent, props: { id: `${prefix}-resend`, class: 'button primary' },
        action: async () => {
          await post('/auth/resend-verification');
          showStatus(sent, t('home.verifySent'), 'success');
        },
      })),
      sent);
  }
  sessionStorage.removeItem('mobilize.pendingInvitation');
  return null;
}
