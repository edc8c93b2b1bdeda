// Who added what, in PlaNet: what a planner put on a young person's plan is marked "From <planner>" with their
// initial, and the young person's own private activities carry a lock that only they see.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';

const lower = (id) => String(id || '').toLowerCase();

/** `planners` as GET /users/{id}/planners lists them. `of(occurrence)` answers { from, private } for its card. */
export function planMarks({ user, me, planners }) {
  const planet = user.app === 'planet';
  const self = lower(user.id) === lower(me.id);
  const names = new Map(planners.map((p) => [lower(p.plannerId), p.name]));

  // Each reader is told what others put there, never what they did themselves: the young person sees what their
  // planners added; a planner sees what the young person (theirs to change) and the other planners added.
  names.set(lower(user.id), user.name);
  const of = (o) => {
    if (!planet || o.busy) return {};
    const by = lower(o.createdBy);
    const from = by && by !== lower(me.id) && (!self || by !== lower(user.id)) ? { name: names.get(by) || null } : null;
    return { from, private: self && Boolean(o.private) };
  };
  return { of };
}

/** "From Mette" with her initial (or "From a planner" when they are no longer one). */
export function fromMark(from, { id, className = 'occ-from' } = {}) {
  if (!from) return null;
  const text = from.name ? t('plan.from', { name: from.name }) : t('plan.fromPlanner');
  const initial = (from.name || '?').trim().charAt(0).toUpperCase();
  return h('span', { class: className, id },
    h('span', { class: ['avatar', 'avatar-tiny'], 'aria-hidden': 'true' }, initial),
    h('span', {}, text));
}

/** A lock for a private activity, said in words as well. */
export function privateMark(id) {
  return h('span', { class: 'occ-private', id, title: t('plan.privateMark') },
    h('span', { class: 'lock-icon', 'aria-hidden': 'true' }),
    h('span', { class: 'visually-hidden' }, t('plan.privateMark')));
}
