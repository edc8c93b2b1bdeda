// The dates a routine or a copy goes to: a few quick choices, a date to add, and the chosen dates (each can be
// removed again). For a week the dates are Mondays: a day picked in the date box stands for its week.
import { h } from '../../dom.js';
import { t, formatDay } from '../../i18n.js';
import { button } from '../../ui.js';
import { addDays, weekStart, isDate } from '../../plan-model.js';
import { group } from './editor-fields.js';
import { dateInput } from '../../forms.js';

export const MAX_DATES = 62;
const WORKDAYS = 5;

/** Quick choices: for one day tomorrow or next week's weekdays; for a week the next two; else next Monday. */
function quickChoices(mode, span, today) {
  const nextMonday = addDays(weekStart(today), 7);
  if (mode === 'week') {
    return [['nextWeek', [nextMonday]], ['weekAfter', [addDays(nextMonday, 7)]]];
  }
  if (span === 1) {
    return [['tomorrow', [addDays(today, 1)]], ['weekdays', Array.from({ length: WORKDAYS }, (_, i) => addDays(nextMonday, i))]];
  }
  return [['nextMonday', [nextMonday]]];
}

/**
 * `mode` 'week' (a week copied: Mondays) or 'days'; `span` the days in what is placed; `today` the person's today.
 * Returns { wrap, input (the group, for the server's `dates` error), value() (sorted), onChange(fn) }.
 */
export function datesField({ id, mode = 'days', span = 1, today, chosen = [] }) {
  const dates = new Set(chosen);
  const listeners = [];
  const listEl = h('ul', { class: 'chosen-dates', id: `${id}-list`, 'aria-live': 'polite' });
  const emptyEl = h('p', { class: 'empty', id: `${id}-none` }, t('place.datesNone'));
  // Short on the chip ("Fri 27 Nov"), whole for the remove button's label.
  const label = (date, long) => {
    const day = formatDay(date, long
      ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
      : { weekday: 'short', day: 'numeric', month: 'short', year: date.slice(0, 4) === today.slice(0, 4) ? undefined : 'numeric' });
    return mode === 'week' ? t('place.weekFrom', { day }) : day;
  };
  const draw = () => {
    const sorted = [...dates].sort();
    listEl.replaceChildren(...sorted.map((date) => h('li', { class: 'chosen-date', id: `${id}-chosen-${date}` },
      h('span', {}, label(date, false)),
      button('\u00d7', {
        id: `${id}-remove-${date}`, class: 'button subtle chip-remove', 'aria-label': t('place.removeDate', { date: label(date, true) }),
        onClick: () => { dates.delete(date); draw(); picker.focus(); },
      }))));
    emptyEl.hidden = sorted.length > 0;
    listeners.forEach((fn) => fn(sorted));
  };
  const add = (list) => {
    for (const date of list) if (dates.size < MAX_DATES) dates.add(mode === 'week' ? weekStart(date) : date);
    draw();
  };

  const picker = dateInput({ id: `${id}-date`, value: addDays(today, mode === 'week' ? 14 : 1), 'aria-describedby': `${id}-date-hint` });
  const addOne = () => { if (isDate(picker.value)) add([picker.value]); };
  // Enter in the date box adds the date rather than sending the form.
  picker.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      addOne();
    }
  });
  const quick = quickChoices(mode, span, today).map(([key, list]) => button(t(`place.quick.${key}`), {
    id: `${id}-quick-${key}`, class: 'button subtle', onClick: () => add(list),
  }));
  const pickLabel = t(mode === 'week' ? 'place.pickWeek' : 'place.pickDate');
  const wrap = group(id, t(mode === 'week' ? 'place.weeks' : 'place.dates'),
    h('div', { class: 'actions' }, quick),
    h('div', { class: 'date-adder' },
      h('div', { class: 'field' }, h('label', { for: picker.id }, pickLabel), picker),
      button(t('place.addDate'), { id: `${id}-add`, class: 'button', onClick: addOne })),
    h('p', { class: 'hint', id: `${id}-date-hint` }, t(mode === 'week' ? 'place.weekHint' : 'place.datesHint', { max: MAX_DATES })),
    emptyEl, listEl);
  draw();
  return {
    wrap,
    input: wrap,
    value: () => [...dates].sort(),
    onChange: (fn) => listeners.push(fn),
  };
}
