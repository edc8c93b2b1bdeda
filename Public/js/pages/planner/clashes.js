// The report of placing a routine or a copy (the server's Placement): how many go on the plan, which clash with
// something already there ("Swimming 16:00–17:00 on Wed 9 Dec clashes with Football 16:30–18:00"), and in the end
// how many were added and left out.
import { h } from '../../dom.js';
import { t, formatDay, formatClock } from '../../i18n.js';

/** A text with a count, from `<key>.one` or `<key>.other`. */
export const counted = (key, count, params = {}) => t(`${key}.${count === 1 ? 'one' : 'other'}`, { count, ...params });

// Clashes listed at once; more behind "show the others".
const SHOWN = 6;
const dayOf = (stamp) => stamp.slice(0, 10);
const shortDay = (stamp) => formatDay(stamp, { weekday: 'short', day: 'numeric', month: 'short' });

/** "16:00–17:00"; with the days when it does not start and end on `day`. */
function span({ start, end }, day) {
  if (dayOf(start) === day && (dayOf(end) === day || end.endsWith('T00:00'))) {
    return t('plan.timeRange', { start: formatClock(start), end: formatClock(end) });
  }
  return t('plan.timeRange', {
    start: `${shortDay(start)} ${formatClock(start)}`,
    end: `${shortDay(end)} ${formatClock(end)}`,
  });
}

export const clashesOf = (report) => report.items.filter((item) => item.clashesWith);

/** One clash in words; another person's private time is only "busy". */
export function clashLine(item) {
  const day = dayOf(item.start);
  const other = item.clashesWith;
  const params = { title: item.title, time: span(item, day), day: shortDay(item.start), otherTime: span(other, day) };
  return other.title === null
    ? t('place.clashBusy', params)
    : t('place.clash', { ...params, other: other.title });
}

/** The clashes, the first few at once and the rest on request. */
function clashList(clashes, id) {
  if (!clashes.length) return null;
  const line = (item) => h('li', { class: 'clash' }, clashLine(item));
  const rest = clashes.slice(SHOWN);
  return h('div', { class: 'clash-box', id },
    h('ul', { class: 'clash-list', 'aria-label': t('place.clashes') }, clashes.slice(0, SHOWN).map(line)),
    rest.length ? h('details', { class: 'clash-more', id: `${id}-more` },
      h('summary', {}, counted('place.moreClashes', rest.length)),
      h('ul', { class: 'clash-list' }, rest.map(line))) : null);
}

/** What a dry run says: how many would be added, and the clashes. */
export function previewView(report, { id, target }) {
  const clashes = clashesOf(report);
  const free = report.items.length - clashes.length;
  if (!report.items.length) return h('div', { id, class: 'stack' }, h('p', { class: 'lead', id: `${id}-summary` }, t('place.nothing')));
  return h('div', { id, class: 'stack place-preview' },
    h('p', { class: 'lead', id: `${id}-summary`, tabindex: '-1' }, free
      ? [counted('place.willAdd', free, { name: target.name }), clashes.length ? ` ${counted('place.clashCount', clashes.length)}` : '']
      : t('place.allClash')),
    clashList(clashes, `${id}-clashes`));
}

/** After placing: "3 activities were added. 1 was left out because it clashed." */
export function reportText(report, target) {
  const added = counted('place.added', report.created, { name: target.name });
  return report.skipped ? `${added} ${counted('place.skipped', report.skipped)}` : added;
}
