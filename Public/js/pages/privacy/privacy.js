// #/privacy (oneself) and #/users/<id>/privacy (a guardian for a child): every privacy right in one calm page —
// see what we hold, who has access and who looked, consent, optional processing, download, correct, restrict, erase.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { get, seg, ApiError } from '../../api.js';
import { pageTitle, card, notice, link } from '../../ui.js';
import { session } from '../../state.js';
import { dataCard } from './data.js';
import { accessCard, accessLogCard } from './access.js';
import { consentCard, processingCard } from './choices.js';
import { exportCard } from './export.js';
import { restrictCard, deletionCard } from './control.js';

/** The child's name; a restricted child answers only its privacy routes, so read it from its profile data then. */
async function subjectName(id) {
  try {
    return (await get(`/users/${seg(id)}`)).name;
  } catch (error) {
    if (!(error instanceof ApiError) || error.kind !== 'restricted') throw error;
    return (await get(`/users/${seg(id)}/data/profile`)).data?.name || '';
  }
}

function noRights(ctx, id) {
  ctx.title = t('privacy.title');
  return h('div', { class: 'page' },
    h('p', { class: 'back' }, link(`#/users/${encodeURIComponent(id)}`, t('privacy.backToUser'), { id: 'privacy-back' })),
    pageTitle(t('privacy.title'), 'privacy-title'),
    notice(t('privacy.noRights'), 'info', 'privacy-no-rights'));
}

function correctCard(who) {
  const target = who.isSelf ? '#/account' : `#/users/${encodeURIComponent(who.id)}`;
  return card(t('privacy.correct.title'),
    h('p', { class: 'hint' }, who.isSelf ? t('privacy.correct.leadSelf') : t('privacy.correct.leadChild', { name: who.name })),
    h('p', {}, link(target, who.isSelf ? t('privacy.correct.toAccount') : t('privacy.correct.toUser', { name: who.name }),
      { id: 'privacy-correct-link', class: 'button' })));
}

export default async function privacy(ctx) {
  const me = session.me;
  const id = ctx.params.id || me.id;
  const isSelf = id === me.id;
  const base = `/users/${seg(id)}`;
  let overview;
  try {
    overview = await get(`${base}/privacy`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 403 && error.kind !== 'restricted') return noRights(ctx, id);
    throw error;
  }
  const name = isSelf ? me.name : await subjectName(id);
  ctx.title = isSelf ? t('privacy.title') : t('privacy.titleFor', { name });

  const who = {
    ctx,
    id,
    name,
    isSelf,
    base,
    overview,
    /** After a change that alters the account's state: read it again and redraw (header, notices, this page). */
    changed: async () => {
      if (isSelf) ctx.signedIn(await get('/me'));
      ctx.refresh();
    },
    /** Asking for erasure or withdrawing consent ends every session of the account, this one too when it is one's own. */
    signedOut: (flash) => {
      ctx.signedOut();
      ctx.navigate(`/signin?next=${encodeURIComponent('/privacy')}`, { flash });
    },
  };

  // While the account is restricted, the way back (lift the restriction, keep the account) comes first.
  const control = [restrictCard(who), deletionCard(who)];
  const insight = [dataCard(who), accessCard(who), accessLogCard(who), consentCard(who), processingCard(who),
    exportCard(who), correctCard(who)];
  return h('div', { class: 'page privacy-page' },
    isSelf ? null : h('p', { class: 'back' }, link(`#/users/${encodeURIComponent(id)}`, t('privacy.backToUser'), { id: 'privacy-back' })),
    pageTitle(ctx.title, 'privacy-title'),
    h('p', { class: 'lead' }, isSelf ? t('privacy.leadSelf') : t('privacy.leadChild', { name })),
    overview.restricted ? [control, insight] : [insight, control],
    h('p', { class: 'hint' }, t('privacy.policyHint'), ' ', link('#/policy', t('privacy.policyLink'), { id: 'privacy-policy-link' })));
}
