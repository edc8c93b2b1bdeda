// The plan's tools beyond single activities: the routines, copying the week or a day, and saving a day as a
// routine; on the week view each day has a small menu for its own copy and routine.
import { h } from '../../dom.js';
import { t, formatDay } from '../../i18n.js';
import { seg } from '../../api.js';
import { button } from '../../ui.js';
import { openDialog } from '../../dialog.js';
import { addDays, weekStart } from '../../plan-model.js';
import { openRoutines, routineSpan } from './routines.js';
import { openSaveRoutine } from './routine-save.js';
import { openPlacement } from './place.js';

const longDay = (date) => formatDay(date, { weekday: 'long', day: 'numeric', month: 'long' });

/** A day's own menu from the week view: resolves with 'copy', 'routine' or null. */
function dayActions(date) {
  return openDialog({ id: 'day-actions', title: longDay(date) }, ({ finish }) => h('div', { class: 'stack day-actions' },
    button(t('plan.copyDay'), { id: 'day-actions-copy', class: 'button', onClick: () => finish('copy') }),
    button(t('plan.saveRoutine'), { id: 'day-actions-routine', class: 'button', onClick: () => finish('routine') })));
}

/**
 * `view` is the page's { mode, date }; `dayOf(date)` the plan's day as shown; `today()` the person's today;
 * `run(promise, openerId)` shows what came of a dialog and refetches.
 */
export function planMore({ user, rights, view, dayOf, today, run }) {
  const plan = `/users/${seg(user.id)}`;
  const copyDay = (date) => openPlacement({
    user, title: t('place.copyDayTitle', { day: longDay(date) }), path: `${plan}/plan/copy`, base: { from: date }, today: today(),
  });
  const copyWeek = () => openPlacement({
    user,
    title: t('place.copyWeekTitle', { from: formatDay(view.date, { day: 'numeric', month: 'long' }), to: formatDay(addDays(view.date, 6), { day: 'numeric', month: 'long' }) }),
    path: `${plan}/plan/copy`, base: { from: view.date, to: addDays(view.date, 6) }, mode: 'week', span: 7, today: today(),
    chosen: [addDays(weekStart(today()) > view.date ? weekStart(today()) : view.date, 7)],
  });
  const routines = async () => {
    const choice = await openRoutines({ user, rights });
    if (!choice?.use) return choice;
    return openPlacement({
      user, title: t('place.routineTitle', { name: choice.use.name }), path: `${plan}/routines/${seg(choice.use.id)}/apply`,
      span: routineSpan(choice.use), today: today(),
    });
  };

  const routinesButton = button(t('plan.routines'), { id: 'plan-routines', class: 'button subtle', onClick: () => run(routines(), 'plan-routines') });
  const copyButton = rights.create ? button('', {
    id: 'plan-copy', class: 'button subtle',
    onClick: () => run(view.mode === 'week' ? copyWeek() : copyDay(view.date), 'plan-copy'),
  }) : null;
  const saveButton = rights.create ? button(t('plan.saveRoutine'), {
    id: 'plan-save-routine', class: 'button subtle', onClick: () => run(openSaveRoutine({ user, day: dayOf(view.date) }), 'plan-save-routine'),
  }) : null;
  const el = h('div', { class: 'actions plan-more', role: 'group', 'aria-label': t('plan.moreTools') }, routinesButton, copyButton, saveButton);

  const sync = () => {
    if (copyButton) copyButton.textContent = t(view.mode === 'week' ? 'plan.copyWeek' : 'plan.copyDay');
    if (saveButton) saveButton.hidden = view.mode !== 'day';
  };

  /** The week view's per-day menu (null for those who only look). */
  const onDayMenu = rights.create ? (date) => run((async () => {
    const choice = await dayActions(date);
    if (choice === 'copy') return copyDay(date);
    if (choice === 'routine') return openSaveRoutine({ user, day: dayOf(date) });
    return null;
  })(), `plan-day-more-${date}`) : null;

  return { el, sync, onDayMenu };
}
