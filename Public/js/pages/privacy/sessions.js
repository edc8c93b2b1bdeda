// #/sessions — where the signed-in person is signed in; revoke any of them.
import { h } from '../../dom.js';
import { t, formatDateTime } from '../../i18n.js';
import { getAll, del, seg } from '../../api.js';
import { statusLine } from '../../forms.js';
import { pageTitle, card, list, actionButton } from '../../ui.js';

function sessionItem(ctx, s, status) {
  const title = s.deviceName || [s.browser, s.platform].filter(Boolean).join(' · ') || t(`sessions.kind.${s.kind || 'web'}`);
  const meta = [
    s.deviceName ? [s.browser, s.platform].filter(Boolean).join(' · ') : null,
    t('sessions.lastSeen', { date: formatDateTime(s.lastSeenAt) }),
    s.ip ? t('sessions.ip', { ip: s.ip }) : null,
  ].filter(Boolean);
  return h('li', { class: ['row', s.current && 'current'], dataset: { sessionId: s.id } },
    h('div', { class: 'row-text' },
      h('span', { class: 'row-title' }, title, s.current ? h('span', { class: 'tag', id: 'session-current' }, t('sessions.thisDevice')) : null),
      h('span', { class: 'row-meta' }, meta.join(' · '))),
    h('div', { class: 'row-actions' }, actionButton(s.current ? t('sessions.signOutHere') : t('sessions.revoke'), {
      confirmText: t('common.confirm'), status,
      props: { id: `session-revoke-${s.id}`, class: 'button subtle' },
      action: async () => {
        await del(`/me/sessions/${seg(s.id)}`);
        if (s.current) {
          ctx.signedOut();
          ctx.navigate('/signin', { flash: 'signin.signedOut' });
        } else {
          ctx.refresh();
        }
      },
    })));
}

export default async function sessions(ctx) {
  ctx.title = t('sessions.title');
  const items = await getAll('/me/sessions');
  items.sort((a, b) => Number(b.current) - Number(a.current) || String(b.lastSeenAt).localeCompare(String(a.lastSeenAt)));
  const status = statusLine();
  return h('div', { class: 'page' },
    pageTitle(t('sessions.title')),
    h('p', { class: 'lead' }, t('sessions.lead')),
    card(null, list(items, (s) => sessionItem(ctx, s, status), { id: 'sessions', className: 'rows' }), status));
}
