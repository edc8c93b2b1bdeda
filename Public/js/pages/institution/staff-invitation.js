// #/staff-invitation?token=... — join an institution as staff.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { post, seg } from '../../api.js';
import { statusLine } from '../../forms.js';
import { pageTitle, actionButton, link } from '../../ui.js';

export default async function staffInvitation(ctx) {
  ctx.title = t('staffInvitation.title');
  const token = ctx.query.token || '';
  const status = statusLine();
  return h('div', { class: 'page narrow' },
    pageTitle(t('staffInvitation.title')),
    h('div', { class: 'card' },
      h('p', { class: 'lead' }, t('staffInvitation.text')),
      h('p', { class: 'hint' }, t('staffInvitation.privacy')),
      h('div', { class: 'actions' },
        actionButton(t('staffInvitation.accept'), {
          status,
          errors: { 'invalid-token': 'invitation.invalid', 404: 'invitation.invalid' },
          props: { id: 'staff-invitation-accept', class: 'button primary' },
          action: async () => {
            const institution = await post(`/staff-invitations/${seg(token)}/accept`);
            ctx.navigate(`/institutions/${encodeURIComponent(institution.id)}`, { flash: 'staffInvitation.accepted' });
          },
        }),
        link('#/home', t('staffInvitation.notNow'), { class: 'button subtle', id: 'staff-invitation-later' })),
      status));
}
