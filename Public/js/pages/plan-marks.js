// Who added what, in PlaNet: what a planner put on a young person's plan is marked "From <planner>" with their
// initial, and the young person's own private activities carry a lock that only they see.
import { h } from '../dom.js';
import { t } from '../i18n.js';

const lower = (id) => String(id || '').toLowerCase();

/** `planners` as GET /users/{id}/planners lists them. `of(occurrence)` answers { from, private } for its card. */
export function planMarks({ user, me, planners }) {
  const planet = user.app === 'planet';
  const self = lower(user.id) === lower(me.id);
  const names = new Map(planners.map((p) => [lower(p.plannerId), p.name]));

  const of = (o) => {
    if (!planet || o.busy) return {};
    const by = lower(o.createdBy);
    let from = null;
    if (by && by !== lower(user.id)) from = by === lower(me.id) ? { you: true } : { name: names.get(by) || null };
    return { from, private: self && Boolean(o.private) };
  };
  return { of };
}

/** "From Mette" with her initial (or "Added by you", or "From a planner" when they are no longer one). */
export function fromMark(from, { id, className = 'occ-from' } = {}) {
  if (!from) return null;
  let text = t('plan.fromPlanner');
  if (from.you) text = t('plan.fromYou');
  else if (from.name) text = t('plan.from', { name: from.name });
  const initial = from.you ? '' : (from.name || '?').trim().charAt(0).toUpperCase();
  return h('span', { class: className, id },
    h('span', { class: ['avatar', 'avatar-tiny', from.you && 'avatar-you'], 'aria-hidden': 'true' }, initial),
    h('span', {}, text));
}

/** A lock for a private activity, said in words as well. */
export function privateMark(id) {
  return h('span', { class: 'occ-private', id, title: t('plan.privateMark') },
    h('span', { class: 'lock-icon', 'aria-hidden': 'true' }),
    h('span', { class: 'visually-hidden' }, t('plan.privateMark')));
}
