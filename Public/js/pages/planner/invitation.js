// #/invitation?token=... — someone invited the signed-in person to plan with a user: preview, accept or decline.
import { h } from '../../dom.js';
import { t, formatDateTime } from '../../i18n.js';
import { get, post, seg } from '../../api.js';
import { errorText, statusLine } from '../../forms.js';
import { pageTitle, notice, actionButton, roleInSentence, link } from '../../ui.js';
import { invitationGate } from '../shared/invitation-gate.js';

export default async function invitation(ctx) {
  ctx.title = t('invitation.title');
  const token = ctx.query.token || '';
  const page = h('div', { class: 'page narrow' }, pageTitle(t('invitation.title')));
  if (ctx.state.declined) {
    page.append(notice(t('invitation.declined'), 'success', 'invitation-result'), h('p', {}, link('#/home', t('common.toHome'))));
    return page;
  }
  let preview;
  try {
    preview = await get(`/invitations/${seg(token)}`);
  } catch (error) {
    page.append(notice(errorText(error, { 'invalid-token': 'invitation.invalid', 404: 'invitation.invalid' }), 'error', 'invitation-result'),
      h('p', {}, link('#/home', t('common.toHome'))));
    return page;
  }
  const status = statusLine();
  const errors = { 'invalid-token': 'invitation.invalid' };
  const here = `/invitation?token=${encodeURIComponent(token)}`;
  // Only the address it was mailed to may answer it, once that address is confirmed.
  const lead = h('p', { class: 'lead' }, t('invitation.text', { inviter: preview.invitedByName, name: preview.userName, role: roleInSentence(preview.role) }));
  const gate = invitationGate(ctx, preview, { prefix: 'invitation', here, lead });
  if (gate) {
    page.append(gate);
    return page;
  }
  page.append(h('div', { class: 'card', id: 'invitation-preview' },
    h('p', { class: 'lead' }, t('invitation.text', { inviter: preview.invitedByName, name: preview.userName, role: roleInSentence(preview.role) })),
    h('p', { class: 'hint' }, t(`invitation.roleInfo.${preview.role}`, { name: preview.userName })),
    h('p', { class: 'hint' }, t('invitation.expires', { date: formatDateTime(preview.expiresAt) })),
    h('div', { class: 'actions' },
      actionButton(t('invitation.accept'), {
        status, errors, props: { id: 'invitation-accept', class: 'button primary' },
        action: async () => {
          const planned = await post(`/invitations/${seg(token)}/accept`);
          ctx.navigate(`/users/${encodeURIComponent(planned.user.id)}`, { flash: 'invitation.accepted' });
        },
      }),
      actionButton(t('invitation.decline'), {
        status, errors, props: { id: 'invitation-decline', class: 'button subtle' },
        action: async () => {
          await post(`/invitations/${seg(token)}/decline`);
          ctx.state.declined = true;
          ctx.refresh();
        },
      })),
    status));
  return page;
}
