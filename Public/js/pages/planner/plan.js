// #/users/<id>/plan[?week=YYYY-MM-DD | ?day=YYYY-MM-DD] — the planner's view of a person's plan: a week of seven
// days (one column each; one below the other on a narrow screen) or one day with bigger pictures. Dates are the
// person's own, in their time zone. The view follows live changes from other planners and the child's device.
import { h } from '../../dom.js';
import { t, formatDay } from '../../i18n.js';
import { get, getAll, seg } from '../../api.js';
import { statusLine, showStatus, errorText } from '../../forms.js';
import { pageTitle, link } from '../../ui.js';
import { session } from '../../state.js';
import { localNow, addDays, weekStart, isDate, fetchPlan, planRights, watchPlan, occurrenceKey, weekdayClass, weekdayOf } from '../../plan-model.js';
import { dayColumn, dayList } from './cards.js';
import { openActivityEditor } from './editor.js';
import { openOccurrenceDetails } from './details.js';
import { planMore } from './more.js';
import { planToolbar } from './toolbar.js';
import { childModeButton } from '../me/child-mode-start.js';
import { planMarks, fromMark } from '../planet/marks.js';
import { openQuickAdd } from '../planet/quick-add.js';
import { planChat } from '../chat/beside.js';

/** Whose plan it is and what the signed-in person may do with it: the page's state, before the first load. */
async function planState(ctx) {
  const me = session.me;
  const id = ctx.params.id;
  const [user, planners] = await Promise.all([get(`/users/${seg(id)}`), getAll(`/users/${seg(id)}/planners`)]);
  const role = planners.find((p) => p.plannerId === me.id)?.role || null;
  const rights = planRights({ user, me, role });
  const page = {
    user, role, rights,
    ownWeek: user.id.toLowerCase() === me.id.toLowerCase() && rights.private,
    marks: planMarks({ user, me, planners }),
    plan: null,
    loads: 0,
    focusAfterDraw: null,
    openedOnToday: false,
  };
  // The person's own time zone, as the plan answers it (the account's until the first answer).
  page.today = () => localNow(page.plan?.timeZone || user.timeZone).date;
  page.view = isDate(ctx.query.day)
    ? { mode: 'day', date: ctx.query.day }
    : { mode: 'week', date: weekStart(isDate(ctx.query.week) ? ctx.query.week : page.today()) };
  page.heading = page.ownWeek ? t('plan.myTitle') : t('plan.title', { name: user.name });
  page.status = statusLine();
  page.status.id = 'plan-status';
  page.body = h('div', { id: 'plan-body', class: 'plan-body' });
  page.range = h('h2', { id: 'plan-range', class: 'plan-range' });
  return page;
}

const span = (view) => (view.mode === 'day' ? [view.date, view.date] : [view.date, addDays(view.date, 6)]);

async function load(page) {
  const mine = ++page.loads;
  const [from, to] = span(page.view);
  try {
    const fresh = await fetchPlan(page.user.id, from, to);
    if (mine !== page.loads) return;
    page.plan = fresh;
    draw(page);
  } catch (error) {
    if (mine === page.loads) showStatus(page.status, errorText(error), 'error');
  }
}

/** The heading of the week or the day; the day view's heading carries the day's own colour. */
function drawRange({ range, view }) {
  range.textContent = view.mode === 'day'
    ? formatDay(view.date, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
    : t('plan.weekRange', { from: formatDay(view.date, { day: 'numeric', month: 'long' }), to: formatDay(addDays(view.date, 6), { day: 'numeric', month: 'long', year: 'numeric' }) });
  range.className = view.mode === 'day' ? `plan-range day-band ${weekdayClass(view.date)}` : 'plan-range';
  if (view.mode === 'day') range.dataset.weekday = weekdayOf(view.date);
  else delete range.dataset.weekday;
}

function draw(page) {
  const { view, body, handlers, marks } = page;
  const days = page.plan?.days || [];
  const now = page.today();
  drawRange(page);
  if (view.mode === 'day') {
    const day = days[0] || { date: view.date, occurrences: [] };
    body.replaceChildren(dayList(day, { onOpen: handlers.onOpen, onAdd: handlers.onAdd, marks: marks.of }));
  } else {
    body.replaceChildren(h('div', { class: 'plan-week', id: 'plan-week' },
      days.map((day) => dayColumn(day, {
        today: now, onOpen: handlers.onOpen, onAdd: handlers.onAdd, onMore: page.more.onDayMenu, onDay: (date) => go(page, 'day', date), marks: marks.of,
      }))));
  }
  page.toolbar.sync();
  page.more.sync();
  // On a phone the week is one column: it opens on today, not on Monday with today below the fold.
  // (After the page is in place: the first draw happens before it is.)
  if (!page.openedOnToday && view.mode === 'week' && window.matchMedia('(max-width: 900px)').matches) {
    setTimeout(() => document.getElementById(`plan-day-${now}`)?.scrollIntoView({ block: 'start' }), 0);
  }
  page.openedOnToday = true;
  if (page.focusAfterDraw) {
    document.getElementById(page.focusAfterDraw)?.focus();
    page.focusAfterDraw = null;
  }
}

function go(page, mode, date) {
  const { view, user, body } = page;
  view.mode = mode;
  view.date = mode === 'week' ? weekStart(date) : date;
  // Keep the place on reload and language change, without a new page in the history.
  history.replaceState(null, '', `#/users/${encodeURIComponent(user.id)}/plan?${mode}=${view.date}`);
  showStatus(page.status, '');
  body.setAttribute('aria-busy', 'true');
  load(page).finally(() => body.removeAttribute('aria-busy'));
}

/** After a change: say what happened, fetch again and put the focus back where it was. */
async function changed(page, result, openerId) {
  if (!result) {
    document.getElementById(openerId)?.focus();
    return;
  }
  showStatus(page.status, result.text || t(result.message), 'success');
  page.focusAfterDraw = openerId;
  await load(page);
}

/** Open a dialog (or a few in turn) from the element `openerId`, then show what came of it. */
async function afterDialog(page, openerId, open) {
  showStatus(page.status, '');
  try {
    await changed(page, await open(), openerId);
  } catch (error) {
    showStatus(page.status, errorText(error), 'error');
  }
}

/** A young person's own week: the quick add first, the whole editor one tap further ("More"). */
async function addDialog({ user, rights, ownWeek }, date) {
  if (!ownWeek) return openActivityEditor({ user, rights, date });
  const quick = await openQuickAdd({ user, date });
  return quick?.more ? openActivityEditor({ user, rights, date, preset: quick.more }) : quick;
}

/** Opening an occurrence, adding one, and the routines, copies and "save as routine" (`run`). */
function planHandlers(page) {
  const { user, rights, marks } = page;
  const onOpen = (occurrence) => afterDialog(page, `occ-${occurrenceKey(occurrence)}`, () => (rights.edit(occurrence)
    ? openActivityEditor({ user, rights, occurrence })
    : openOccurrenceDetails({ user, rights, occurrence, from: fromMark(marks.of(occurrence).from, { id: 'occurrence-from', className: 'from-line' }) })));
  const add = (date) => afterDialog(page, `plan-add-${date}`, () => addDialog(page, date));
  const run = (dialogs, openerId) => afterDialog(page, openerId, () => dialogs);
  return { onOpen, add, onAdd: rights.create ? add : null, run };
}

function planLayout(ctx, page) {
  const { user, role, rights, ownWeek } = page;
  const chat = planChat({ ctx, user });
  const main = [
    h('p', { class: 'back' }, link(`#/users/${encodeURIComponent(user.id)}`, ownWeek ? t('plan.backSelf') : t('plan.back', { name: user.name }), { id: 'plan-back' })),
    h('div', { class: 'title-row' }, pageTitle(page.heading, 'plan-title'),
      h('div', { class: 'actions title-actions' }, chat.open,
        link(`#/users/${encodeURIComponent(user.id)}/goals`, t('goals.open'), { id: 'plan-goals', class: 'button' }),
        childModeButton({ ctx, user, role }))),
    rights.create ? null : h('p', { class: 'hint', id: 'plan-readonly' }, t(role === 'viewer' ? 'plan.viewerHint' : 'plan.lookHint')),
    page.toolbar.el,
    h('div', { class: 'plan-range-row' }, page.range, page.more.el),
    page.status,
    page.body];
  if (!chat.panel) return h('div', { class: 'page plan-page' }, ...main);
  return h('div', { class: 'page plan-page with-chat' }, h('div', { class: 'plan-main' }, ...main), chat.panel);
}

export default async function planPage(ctx) {
  const page = await planState(ctx);
  const { user, rights, view, today } = page;
  ctx.title = page.heading;
  page.handlers = planHandlers(page);
  page.more = planMore({
    user, rights, view, today,
    dayOf: (date) => page.plan?.days?.find((day) => day.date === date) || { date, occurrences: [] },
    run: page.handlers.run,
  });
  page.toolbar = planToolbar({ view, today, rights, go: (mode, date) => go(page, mode, date), add: page.handlers.add });
  await load(page);
  watchPlan(user.id, ctx.alive, () => load(page));
  return planLayout(ctx, page);
}
