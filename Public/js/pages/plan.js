// #/users/<id>/plan[?week=YYYY-MM-DD | ?day=YYYY-MM-DD] — the planner's view of a person's plan: a week of seven
// days (one column each; one below the other on a narrow screen) or one day with bigger pictures. Dates are the
// person's own, in their time zone. The view follows live changes from other planners and the child's device.
import { h } from '../dom.js';
import { t, formatDay } from '../i18n.js';
import { get, getAll, seg } from '../api.js';
import { statusLine, showStatus, errorText } from '../forms.js';
import { pageTitle, link } from '../ui.js';
import { session } from '../state.js';
import { localNow, addDays, weekStart, isDate, fetchPlan, planRights, watchPlan, occurrenceKey, weekdayClass, weekdayOf } from '../plan.js';
import { dayColumn, dayList } from './plan-cards.js';
import { openActivityEditor } from './plan-editor.js';
import { openOccurrenceDetails } from './plan-details.js';
import { planMore } from './plan-more.js';
import { planToolbar } from './plan-toolbar.js';
import { childModeButton } from './child-mode-start.js';
import { planMarks, fromMark } from './plan-marks.js';
import { openQuickAdd } from './plan-quick.js';

export default async function planPage(ctx) {
  const id = ctx.params.id;
  const me = session.me;
  const [user, planners] = await Promise.all([get(`/users/${seg(id)}`), getAll(`/users/${seg(id)}/planners`)]);
  const role = planners.find((p) => p.plannerId === me.id)?.role || null;
  const rights = planRights({ user, me, role });
  const ownWeek = user.id.toLowerCase() === me.id.toLowerCase() && rights.private;
  const marks = planMarks({ user, me, planners });
  let plan = null;
  // The person's own time zone, as the plan answers it (the account's until the first answer).
  const today = () => localNow(plan?.timeZone || user.timeZone).date;
  const view = isDate(ctx.query.day)
    ? { mode: 'day', date: ctx.query.day }
    : { mode: 'week', date: weekStart(isDate(ctx.query.week) ? ctx.query.week : today()) };
  const heading = ownWeek ? t('plan.myTitle') : t('plan.title', { name: user.name });
  ctx.title = heading;

  const status = statusLine();
  status.id = 'plan-status';
  const body = h('div', { id: 'plan-body', class: 'plan-body' });
  const range = h('h2', { id: 'plan-range', class: 'plan-range' });
  let loads = 0;
  let focusAfterDraw = null;

  const span = () => (view.mode === 'day' ? [view.date, view.date] : [view.date, addDays(view.date, 6)]);

  async function load() {
    const mine = ++loads;
    const [from, to] = span();
    try {
      const fresh = await fetchPlan(user.id, from, to);
      if (mine !== loads) return;
      plan = fresh;
      draw();
    } catch (error) {
      if (mine === loads) showStatus(status, errorText(error), 'error');
    }
  }

  /** After a change: say what happened, fetch again and put the focus back where it was. */
  const changed = async (result, openerId) => {
    if (!result) {
      document.getElementById(openerId)?.focus();
      return;
    }
    showStatus(status, result.text || t(result.message), 'success');
    focusAfterDraw = openerId;
    await load();
  };

  const onOpen = async (occurrence) => {
    const opener = `occ-${occurrenceKey(occurrence)}`;
    showStatus(status, '');
    try {
      const result = rights.edit(occurrence)
        ? await openActivityEditor({ user, rights, occurrence })
        : await openOccurrenceDetails({ user, rights, occurrence, from: fromMark(marks.of(occurrence).from, { id: 'occurrence-from', className: 'from-line' }) });
      await changed(result, opener);
    } catch (error) {
      showStatus(status, errorText(error), 'error');
    }
  };
  // A young person's own week: the quick add first, the whole editor one tap further ("More").
  const addDialog = async (date) => {
    if (!ownWeek) return openActivityEditor({ user, rights, date });
    const quick = await openQuickAdd({ user, date });
    return quick?.more ? openActivityEditor({ user, rights, date, preset: quick.more }) : quick;
  };
  const add = async (date) => {
    showStatus(status, '');
    try {
      await changed(await addDialog(date), `plan-add-${date}`);
    } catch (error) {
      showStatus(status, errorText(error), 'error');
    }
  };
  const onAdd = rights.create ? add : null;
  /** Routines, copies and "save as routine" (each a dialog, or a few in turn). */
  const run = async (dialogs, openerId) => {
    showStatus(status, '');
    try {
      await changed(await dialogs, openerId);
    } catch (error) {
      showStatus(status, errorText(error), 'error');
    }
  };
  const more = planMore({
    user, rights, view, today,
    dayOf: (date) => plan?.days?.find((day) => day.date === date) || { date, occurrences: [] },
    run,
  });

  let openedOnToday = false;
  function draw() {
    const days = plan?.days || [];
    const now = today();
    range.textContent = view.mode === 'day'
      ? formatDay(view.date, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
      : t('plan.weekRange', { from: formatDay(view.date, { day: 'numeric', month: 'long' }), to: formatDay(addDays(view.date, 6), { day: 'numeric', month: 'long', year: 'numeric' }) });
    // The day view's heading carries the day's own colour.
    range.className = view.mode === 'day' ? `plan-range day-band ${weekdayClass(view.date)}` : 'plan-range';
    if (view.mode === 'day') range.dataset.weekday = weekdayOf(view.date);
    else delete range.dataset.weekday;
    if (view.mode === 'day') {
      const day = days[0] || { date: view.date, occurrences: [] };
      body.replaceChildren(dayList(day, { onOpen, onAdd, marks: marks.of }));
    } else {
      body.replaceChildren(h('div', { class: 'plan-week', id: 'plan-week' },
        days.map((day) => dayColumn(day, { today: now, onOpen, onAdd, onMore: more.onDayMenu, onDay: (date) => go('day', date), marks: marks.of }))));
    }
    toolbar.sync();
    more.sync();
    // On a phone the week is one column: it opens on today, not on Monday with today below the fold.
    // (After the page is in place: the first draw happens before it is.)
    if (!openedOnToday && view.mode === 'week' && window.matchMedia('(max-width: 900px)').matches) {
      setTimeout(() => document.getElementById(`plan-day-${now}`)?.scrollIntoView({ block: 'start' }), 0);
    }
    openedOnToday = true;
    if (focusAfterDraw) {
      document.getElementById(focusAfterDraw)?.focus();
      focusAfterDraw = null;
    }
  }

  function go(mode, date) {
    view.mode = mode;
    view.date = mode === 'week' ? weekStart(date) : date;
    // Keep the place on reload and language change, without a new page in the history.
    history.replaceState(null, '', `#/users/${encodeURIComponent(user.id)}/plan?${mode}=${view.date}`);
    showStatus(status, '');
    body.setAttribute('aria-busy', 'true');
    load().finally(() => body.removeAttribute('aria-busy'));
  }

  const toolbar = planToolbar({ view, today, rights, go, add });

  await load();
  watchPlan(user.id, ctx.alive, load);

  return h('div', { class: 'page plan-page' },
    h('p', { class: 'back' }, link(`#/users/${encodeURIComponent(user.id)}`, ownWeek ? t('plan.backSelf') : t('plan.back', { name: user.name }), { id: 'plan-back' })),
    h('div', { class: 'title-row' }, pageTitle(heading, 'plan-title'), childModeButton({ ctx, user, role })),
    rights.create ? null : h('p', { class: 'hint', id: 'plan-readonly' }, t(role === 'viewer' ? 'plan.viewerHint' : 'plan.lookHint')),
    toolbar.el,
    h('div', { class: 'plan-range-row' }, range, more.el),
    status,
    body);
}
