// The pieces of the child's day screen: big picture cards for now and next, the day's cards, the visual countdown of
// what is happening now, and the calm "Well done!" with a soft tick after something is done.
import { h } from '../../dom.js';
import { t, formatClock } from '../../i18n.js';
import { button } from '../../ui.js';
import { pictureSrc, paint, minutesBetween, occurrenceKey } from '../../plan-model.js';
import { occurrenceTitle, stateMark } from '../planner/cards.js';

const SVG = 'http://www.w3.org/2000/svg';
const pad = (n) => String(n).padStart(2, '0');

export function picture(item, className) {
  const src = pictureSrc(item, 'display');
  return src ? h('img', { src, alt: '', class: className, decoding: 'async' }) : h('span', { class: `${className} no-picture`, 'aria-hidden': 'true' });
}

/**
 * The time left of what is happening now: a pie that shrinks (the visual timer), the minutes in words, and for an
 * activity with a timer also a bar.
 */
export function countdown(occurrence, clock, id) {
  const el = h('div', { class: 'countdown', id, role: 'timer', dataset: { start: occurrence.start, end: occurrence.end } },
    h('span', { class: 'countdown-pie', 'aria-hidden': 'true' }),
    h('span', { class: 'countdown-text' }),
    occurrence.timer ? h('progress', { class: 'countdown-bar', 'aria-hidden': 'true' }) : null);
  updateCountdown(el, clock);
  return el;
}

export function updateCountdown(el, clock) {
  const { start, end } = el.dataset;
  const total = Math.max(1, minutesBetween(start, end) * 60);
  const left = Math.min(total, Math.max(0, minutesBetween(`${clock.stamp}:${pad(clock.seconds)}`, end) * 60));
  el.querySelector('.countdown-pie').style.setProperty('--left', (left / total).toFixed(4));
  const bar = el.querySelector('progress');
  if (bar) {
    bar.max = total;
    bar.value = left;
  }
  el.querySelector('.countdown-text').textContent = t('device.minutesLeft', { minutes: Math.ceil(left / 60) });
}

function svg(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, value);
  return el;
}

/**
 * A soft tick and "Well done!". `since` (seconds since the tap, or null) draws the tick in right after the tap; a
 * redraw meanwhile goes on where it was instead of starting again. Reduced motion shows it at once (app.css).
 */
export function wellDone({ id, since = null, children = [] }) {
  const tick = svg('svg', { class: 'well-done-tick', viewBox: '0 0 52 52', 'aria-hidden': 'true', focusable: 'false' });
  tick.append(svg('circle', { class: 'well-done-circle', cx: '26', cy: '26', r: '23' }), svg('path', { class: 'well-done-check', d: 'M15 27 l7.5 7.5 L37.5 19' }));
  const el = h('div', { class: ['well-done', since !== null && 'is-fresh'], id, role: 'status' },
    tick, h('span', { class: 'well-done-text' }, t('device.wellDone')), ...children);
  if (since !== null) el.style.setProperty('--since', `${since.toFixed(2)}s`);
  return el;
}

/**
 * A big picture card for "Now" or "Next". Now has the countdown and a "Done" button (or the "Well done!" with an
 * undo once it is done). `onDone(o, state)` ticks it off or back; `since(o)` says how long ago it was just done.
 */
export function slotCard(kind, occurrence, { clock, onOpen, onDone, since = () => null }) {
  const o = occurrence;
  const label = h('h2', { class: 'slot-label', id: `device-${kind}-label` }, t(`device.${kind}`));
  if (!o) {
    return h('section', { class: `device-slot device-${kind} is-free`, id: `device-${kind}`, 'aria-labelledby': label.id },
      label, h('div', { class: 'big-card' }, h('span', { class: 'big-picture free-picture', 'aria-hidden': 'true' }),
        h('span', { class: 'big-text' }, h('span', { class: 'big-title' }, t('device.free')))));
  }
  const when = kind === 'now' ? t('device.until', { time: formatClock(o.end) }) : t('device.at', { time: formatClock(o.start) });
  let after = null;
  if (kind === 'now' && o.state === 'pending') {
    after = h('div', { class: 'slot-tools' },
      countdown(o, clock, 'device-now-timer'),
      onDone ? button(t('device.done'), { id: 'device-now-done', class: 'button primary big', onClick: () => onDone(o, 'done') }) : null);
  } else if (kind === 'now' && o.state === 'done') {
    after = wellDone({
      id: 'device-well-done',
      since: since(o),
      children: onDone ? [button(t('device.undo'), { id: 'device-now-undo', class: 'button subtle', onClick: () => onDone(o, 'pending') })] : [],
    });
  }
  return paint(h('section', { class: `device-slot device-${kind}`, id: `device-${kind}`, 'aria-labelledby': label.id },
    label,
    h('div', { class: 'slot-body' },
      h('button', {
        type: 'button', class: ['big-card', `occ-${o.state}`], id: `device-${kind}-open`,
        dataset: { activityId: o.activityId, start: o.start, state: o.state }, onClick: () => onOpen(o),
      },
      picture(o, 'big-picture'),
      h('span', { class: 'big-text' },
        h('span', { class: 'big-title' }, occurrenceTitle(o)),
        h('span', { class: 'big-time' }, when)),
      stateMark(o.state)),
      after)), o.colour);
}

/** One card of the day; what is over is quieter (never red: nothing is ever "overdue"). */
export function dayCard(o, { clock, current, onOpen }) {
  const past = !o.allDay && o.end <= clock.stamp;
  return paint(h('button', {
    type: 'button',
    class: ['day-card', `occ-${o.state}`, current && 'is-now', past && 'is-past'],
    id: `device-occ-${occurrenceKey(o)}`,
    dataset: { activityId: o.activityId, start: o.start, state: o.state },
    onClick: () => onOpen(o),
  },
  picture(o, 'day-card-picture'),
  h('span', { class: 'day-card-text' },
    h('span', { class: 'day-card-time' }, o.allDay ? t('plan.allDay') : formatClock(o.start)),
    h('span', { class: 'day-card-title' }, occurrenceTitle(o))),
  stateMark(o.state)), o.colour);
}
