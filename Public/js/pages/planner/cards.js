// How occurrences look in the planner's week and day views: a card with the picture, the time, the title, the
// activity's colour as a stripe and a calm mark for done, skipped or cancelled.
import { h } from '../../dom.js';
import { t, formatDay, formatClock } from '../../i18n.js';
import { button } from '../../ui.js';
import { pictureSrc, occurrenceKey, paint, weekdayClass, weekdayOf } from '../../plan-model.js';
import { fromMark, privateMark } from '../planet/marks.js';

/** "07:30–08:00", or "All day". */
export function timeRange(occurrence) {
  if (occurrence.allDay) return t('plan.allDay');
  return t('plan.timeRange', { start: formatClock(occurrence.start), end: formatClock(occurrence.end) });
}

/** "Thursday 26 November, 07:30–08:00". */
export function dayAndTime(occurrence) {
  return t('plan.dayAndTime', { day: formatDay(occurrence.start, { weekday: 'long', day: 'numeric', month: 'long' }), time: timeRange(occurrence) });
}

export const occurrenceTitle = (occurrence) => (occurrence.busy ? t('plan.busy') : occurrence.title);

/** Done ✓, skipped or cancelled, in words for screen readers and as a mark for the eye. */
export function stateMark(state) {
  if (state === 'pending') return null;
  return h('span', { class: `state-mark state-mark-${state}` },
    h('span', { 'aria-hidden': 'true' }, state === 'done' ? '\u2713' : t(`state.${state}`)),
    h('span', { class: 'visually-hidden' }, t(`state.${state}`)));
}

/**
 * One occurrence as a button (or a plain card when it cannot be opened, e.g. someone's private time). `marks(o)` says
 * who added it and whether it is private (PlaNet).
 */
export function occurrenceCard(occurrence, { onOpen, large = false, marks = null }) {
  const src = pictureSrc(occurrence, large ? 'display' : 'thumb');
  const open = onOpen && !occurrence.busy;
  const key = occurrenceKey(occurrence);
  const mark = marks ? marks(occurrence) : {};
  const card = h(open ? 'button' : 'div', {
    type: open ? 'button' : undefined,
    class: ['occ', large && 'occ-large', `occ-${occurrence.state}`, occurrence.busy && 'occ-busy'],
    id: `occ-${key}`,
    dataset: { activityId: occurrence.activityId, start: occurrence.start, state: occurrence.state },
    onClick: open ? () => onOpen(occurrence) : undefined,
  },
  src ? h('img', { src, alt: '', class: 'occ-picture', loading: 'lazy', decoding: 'async' })
    : h('span', { class: 'occ-picture occ-no-picture', 'aria-hidden': 'true' }),
  h('span', { class: 'occ-text' },
    h('span', { class: 'occ-time' }, timeRange(occurrence)),
    mark.private
      ? h('span', { class: 'occ-title-row' }, h('span', { class: 'occ-title' }, occurrenceTitle(occurrence)), privateMark(`occ-${key}-private`))
      : h('span', { class: 'occ-title' }, occurrenceTitle(occurrence)),
    fromMark(mark.from, { id: `occ-${key}-from` }),
    occurrence.recurring ? h('span', { class: 'visually-hidden' }, t('plan.repeats')) : null),
  occurrence.recurring ? h('span', { class: 'occ-repeat', 'aria-hidden': 'true', title: t('plan.repeats') }, '\u21bb') : null,
  stateMark(occurrence.state));
  return paint(card, occurrence.colour);
}

/** One day of the week: its name (opens the day view), a "+" to add, a menu for the day, and its occurrences in order. */
export function dayColumn(day, { today, onOpen, onAdd, onMore, onDay, marks }) {
  const name = formatDay(day.date, { weekday: 'long', day: 'numeric', month: 'long' });
  const empty = !day.occurrences.length;
  return h('section', {
    class: ['plan-day', weekdayClass(day.date), day.date === today && 'is-today', empty && 'is-empty'], id: `plan-day-${day.date}`, 'aria-label': name,
    dataset: { weekday: weekdayOf(day.date) },
  },
    h('div', { class: 'plan-day-head' },
      h('button', { type: 'button', class: 'plan-day-name', id: `plan-open-${day.date}`, onClick: () => onDay(day.date), 'aria-label': t('plan.showDay', { day: name }) },
        h('span', { class: 'plan-weekday' }, formatDay(day.date, { weekday: 'short' })),
        h('span', { class: 'plan-date' }, formatDay(day.date, { day: 'numeric', month: 'short' })),
        day.date === today ? h('span', { class: 'visually-hidden' }, t('plan.today')) : null),
      onAdd || onMore ? h('div', { class: 'plan-day-tools' },
        onAdd ? button('+', { id: `plan-add-${day.date}`, class: 'button subtle plan-add', 'aria-label': t('plan.addOn', { day: name }), onClick: () => onAdd(day.date) }) : null,
        onMore ? button('\u22ef', { id: `plan-day-more-${day.date}`, class: 'button subtle plan-add', 'aria-label': t('plan.dayMenu', { day: name }), 'aria-haspopup': 'dialog', onClick: () => onMore(day.date) }) : null) : null),
    // An empty day is one short line, so that a phone shows the days that hold something.
    empty ? h('p', { class: 'plan-day-empty' }, t('plan.nothing'))
      : h('ol', { class: 'plan-occurrences' }, day.occurrences.map((o) => h('li', {}, occurrenceCard(o, { onOpen, marks })))));
}

/** One day in order, with bigger pictures. */
export function dayList(day, { onOpen, onAdd, marks }) {
  const name = formatDay(day.date, { weekday: 'long', day: 'numeric', month: 'long' });
  return h('section', { class: 'plan-day-view', id: `plan-day-${day.date}`, 'aria-label': name },
    day.occurrences.length
      ? h('ol', { class: 'plan-occurrences large' }, day.occurrences.map((o) => h('li', {}, occurrenceCard(o, { onOpen, large: true, marks }))))
      : h('p', { class: 'empty', id: 'plan-day-empty' }, t('plan.nothing')),
    onAdd ? button(t('plan.add'), { id: `plan-add-${day.date}`, class: 'button', onClick: () => onAdd(day.date) }) : null);
}
