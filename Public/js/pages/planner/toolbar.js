// The plan's toolbar: a week or a day back and on, today, week or day, and adding an activity.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { button } from '../../ui.js';
import { addDays } from '../../plan-model.js';

/** `view` is the page's { mode, date }; `go(mode, date)` shows another; `add(date)` adds. Returns { el, sync }. */
export function planToolbar({ view, today, rights, go, add }) {
  const step = () => (view.mode === 'day' ? 1 : 7);
  const prev = button('\u2039', { id: 'plan-prev', class: 'button subtle icon', onClick: () => go(view.mode, addDays(view.date, -step())) });
  const next = button('\u203a', { id: 'plan-next', class: 'button subtle icon', onClick: () => go(view.mode, addDays(view.date, step())) });
  const todayButton = button(t('plan.today'), { id: 'plan-today', class: 'button subtle', onClick: () => go(view.mode, today()) });
  const week = button(t('plan.week'), { id: 'plan-show-week', class: 'button subtle', onClick: () => go('week', view.date) });
  const day = button(t('plan.day'), {
    id: 'plan-show-day', class: 'button subtle',
    // From a week, the day view opens on today when today is in that week, else on its Monday.
    onClick: () => go('day', today() >= view.date && today() <= addDays(view.date, 6) ? today() : view.date),
  });
  const newOne = rights.create
    ? button(t('plan.add'), { id: 'plan-add', class: 'button primary', onClick: () => add(view.mode === 'day' ? view.date : (today() >= view.date && today() <= addDays(view.date, 6) ? today() : view.date)) })
    : null;
  const el = h('div', { class: 'plan-toolbar' },
    h('div', { class: 'actions plan-nav', role: 'group', 'aria-label': t('plan.navigate') }, prev, todayButton, next),
    h('div', { class: 'segmented', role: 'group', 'aria-label': t('plan.show') }, week, day),
    newOne);
  const sync = () => {
    prev.setAttribute('aria-label', t(view.mode === 'day' ? 'plan.previousDay' : 'plan.previousWeek'));
    next.setAttribute('aria-label', t(view.mode === 'day' ? 'plan.nextDay' : 'plan.nextWeek'));
    week.setAttribute('aria-pressed', String(view.mode === 'week'));
    day.setAttribute('aria-pressed', String(view.mode === 'day'));
  };
  return { el, sync };
}
