// #/users/<id> — one person: their details, planners, invitations and devices, and the way to their privacy page.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { get, getAll, seg, ApiError } from '../../api.js';
import { pageTitle, appLabel, roleLabel, link, notice, card } from '../../ui.js';
import { session, spokenTo } from '../../state.js';
import { plannersCard, invitationsCard, institutionsCard } from './user-planners.js';
import { devicesCard } from './user-devices.js';
import { editCard } from './user-edit.js';
import { picturesCard } from './user-pictures.js';
import { feedsCard } from './user-feeds.js';
import { childModeButton } from '../me/child-mode-start.js';
import { loginCard } from './user-login.js';
import { remindersCard } from './user-reminders.js';

function details(user, myRole) {
  const rows = [
    [t('user.app'), appLabel(user.app)],
    [t('field.timeZone'), user.timeZone],
    [t('user.birthYear'), user.birthYear ? String(user.birthYear) : t('user.birthYearUnknown')],
    [t('user.yourRole'), myRole ? roleLabel(myRole) : t('user.self')],
  ];
  return h('dl', { class: 'details', id: 'user-details' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

const privacyHref = (id) => `#/users/${encodeURIComponent(id)}/privacy`;

/** A restricted account answers only its privacy routes: say so calmly and point to its privacy page. */
function restrictedPage(ctx, id) {
  ctx.title = t('user.restrictedTitle');
  return h('div', { class: 'page' },
    h('p', { class: 'back' }, link('#/home', t('user.back'), { id: 'user-back' })),
    pageTitle(t('user.restrictedTitle'), 'user-title'),
    notice(t('user.restrictedText'), 'info', 'user-restricted'),
    h('p', {}, link(privacyHref(id), t('user.toPrivacy'), { id: 'user-privacy', class: 'button primary' })));
}

export default async function userPage(ctx) {
  const id = ctx.params.id;
  let user;
  let planners;
  try {
    [user, planners] = await Promise.all([get(`/users/${seg(id)}`), getAll(`/users/${seg(id)}/planners`)]);
  } catch (error) {
    if (error instanceof ApiError && error.kind === 'restricted') return restrictedPage(ctx, id);
    throw error;
  }
  const me = session.me;
  const myRole = planners.find((p) => p.plannerId === me.id)?.role || null;
  const isSelf = user.id === me.id;
  // Guardians manage planners; a user of 13 or more may manage their own (the server has the final say).
  const canManage = myRole === 'guardian' || isSelf;
  const canPair = myRole === 'guardian' || myRole === 'planner';
  const canManagePictures = canPair || isSelf;
  ctx.title = user.name;

  const title = pageTitle(user.name, 'user-title');
  let info = details(user, myRole);
  const onSaved = (saved) => {
    title.textContent = saved.name;
    const fresh = details(saved, myRole);
    info.replaceWith(fresh);
    info = fresh;
  };
  const reload = () => ctx.refresh();
  const planLink = link(`#/users/${encodeURIComponent(user.id)}/plan`, t('user.plan'), { id: 'user-plan', class: 'button primary' });
  return h('div', { class: 'page' },
    h('p', { class: 'back' }, link('#/home', t('user.back'), { id: 'user-back' })),
    h('div', { class: 'title-row' }, title, h('div', { class: 'actions title-actions' }, planLink, childModeButton({ ctx, user, role: myRole }))),
    info,
    picturesCard({ user, canManage: canManagePictures }),
    plannersCard({ ctx, user, planners, canManage, reload }),
    canManage ? invitationsCard({ user }) : null,
    myRole ? institutionsCard({ user, isGuardian: myRole === 'guardian' }) : null,
    canPair ? devicesCard({ user }) : null,
    feedsCard({ user }),
    remindersCard({ user, canChange: canPair || (isSelf && user.app === 'planet'), isSelf }),
    myRole === 'guardian' ? loginCard({ user, onSaved }) : null,
    canManage ? editCard({ user, onSaved }) : null,
    canManage ? card(t('user.privacyTitle'), h('p', { class: 'hint' }, t('user.privacyLead', { name: spokenTo(user) })),
      h('p', {}, link(isSelf ? '#/privacy' : privacyHref(user.id), t('user.toPrivacy'), { id: 'user-privacy', class: 'button' }))) : null);
}
