// #/users/<id> — one person: their details, planners, invitations and devices.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { get, getAll, seg } from '../api.js';
import { pageTitle, appLabel, roleLabel, link } from '../ui.js';
import { session } from '../state.js';
import { plannersCard, invitationsCard } from './user-planners.js';
import { devicesCard } from './user-devices.js';

function details(user, myRole) {
  const rows = [
    [t('user.app'), appLabel(user.app)],
    [t('field.timeZone'), user.timeZone],
    [t('user.birthYear'), user.birthYear ? String(user.birthYear) : t('user.birthYearUnknown')],
    [t('user.yourRole'), myRole ? roleLabel(myRole) : t('user.self')],
  ];
  return h('dl', { class: 'details', id: 'user-details' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

export default async function userPage(ctx) {
  const id = ctx.params.id;
  const [user, planners] = await Promise.all([get(`/users/${seg(id)}`), getAll(`/users/${seg(id)}/planners`)]);
  const me = session.me;
  const myRole = planners.find((p) => p.plannerId === me.id)?.role || null;
  const isSelf = user.id === me.id;
  // Guardians manage planners; a user of 13 or more may manage their own (the server has the final say).
  const canManage = myRole === 'guardian' || isSelf;
  const canPair = myRole === 'guardian' || myRole === 'planner';
  ctx.title = user.name;

  const reload = () => ctx.refresh();
  return h('div', { class: 'page' },
    h('p', { class: 'back' }, link('#/home', t('user.back'), { id: 'user-back' })),
    pageTitle(user.name, 'user-title'),
    details(user, myRole),
    plannersCard({ ctx, user, planners, canManage, reload }),
    canManage ? invitationsCard({ user }) : null,
    canPair ? devicesCard({ user }) : null);
}
