// The child's view of one occurrence: its picture, its checklist to tick step by step, "Done" (and undo), and a
// visual countdown while it is happening. Also the countdown and picture cards the day screen shares.
import { h } from '../dom.js';
import { t, formatClock } from '../i18n.js';
import { pageTitle, button } from '../ui.js';
import { showStatus, errorText } from '../forms.js';
import { pictureSrc, paint, minutesBetween, setOccurrenceState } from '../plan.js';
import { timeRange, occurrenceTitle, stateMark } from './plan-cards.js';

const pad = (n) => String(n).padStart(2, '0');

/** A bar that shrinks while the occurrence runs, with the minutes left in words. */
export function countdown(occurrence, clock, id) {
  const bar = h('progress', { class: 'countdown-bar', 'aria-hidden': 'true' });
  const text = h('span', { class: 'countdown-text' });
  const el = h('div', { class: 'countdown', id, role: 'timer', dataset: { start: occurrence.start, end: occurrence.end } }, bar, text);
  updateCountdown(el, clock);
  return el;
}

export function updateCountdown(el, clock) {
  const { start, end } = el.dataset;
  const total = Math.max(1, minutesBetween(start, end) * 60);
  const left = Math.min(total, Math.max(0, minutesBetween(`${clock.stamp}:${pad(clock.seconds)}`, end) * 60));
  const bar = el.querySelector('progress');
  bar.max = total;
  bar.value = left;
  el.querySelector('.countdown-text').textContent = t('device.minutesLeft', { minutes: Math.ceil(left / 60) });
}

export function picture(item, className) {
  const src = pictureSrc(item, 'display');
  return src ? h('img', { src, alt: '', class: className, decoding: 'async' }) : h('span', { class: `${className} no-picture`, 'aria-hidden': 'true' });
}

/**
 * The occurrence with its steps. `onChange()` redraws after a tick; the occurrence is updated in place from the
 * server's answer (and put back as it was when the server says no).
 */
export function itemView({ user, occurrence, clock, isNow, status, onBack, onChange }) {
  const o = occurrence;
  const tickable = o.state !== 'cancelled';
  const send = async (state, stepsDone, focusId) => {
    const before = { state: o.state, stepsDone: o.stepsDone };
    Object.assign(o, { state, stepsDone });
    onChange(focusId);
    try {
      const saved = await setOccurrenceState(user.id, o, state, stepsDone);
      Object.assign(o, { state: saved.state, stepsDone: saved.stepsDone || [] });
      showStatus(status, '');
    } catch (error) {
      Object.assign(o, before);
      showStatus(status, errorText(error), 'error');
    }
    onChange(focusId);
  };
  const done = new Set(o.stepsDone || []);
  const steps = o.steps?.length
    ? h('ol', { class: 'device-steps', id: 'device-steps', 'aria-label': t('device.steps') }, o.steps.map((step) => {
      const ticked = done.has(step.id);
      const id = `device-step-${step.id}`;
      return h('li', {},
        h('button', {
          type: 'button', class: ['device-step', ticked && 'is-ticked'], id, 'aria-pressed': String(ticked), disabled: !tickable,
          onClick: () => {
            const next = ticked ? (o.stepsDone || []).filter((s) => s !== step.id) : [...(o.stepsDone || []), step.id];
            send(o.state === 'cancelled' ? 'pending' : o.state, next, id);
          },
        },
        picture(step, 'step-picture'),
        h('span', { class: 'step-text' }, step.text),
        h('span', { class: 'step-check', 'aria-hidden': 'true' }, ticked ? '\u2713' : '')));
    }))
    : null;

  let actions = null;
  if (o.state === 'pending') {
    actions = h('div', { class: 'device-actions' },
      button(t('device.done'), { id: 'device-done', class: 'button primary big', onClick: () => send('done', o.stepsDone || [], 'device-undo') }),
      button(t('device.skip'), { id: 'device-skip', class: 'button subtle', onClick: () => send('skipped', o.stepsDone || [], 'device-undo') }));
  } else if (o.state === 'done' || o.state === 'skipped') {
    actions = h('div', { class: 'device-actions' },
      h('p', { class: `device-state device-state-${o.state}`, id: 'device-state', role: 'status' }, t(`device.${o.state}Text`)),
      button(t('device.undo'), { id: 'device-undo', class: 'button', onClick: () => send('pending', o.stepsDone || [], 'device-done') }));
  } else {
    actions = h('p', { class: 'device-state', id: 'device-state', role: 'status' }, t('device.cancelledText'));
  }

  const view = h('div', { class: ['device-item', `occ-${o.state}`], id: 'device-item' },
    button(t('device.back'), { id: 'device-back', class: 'button device-back', onClick: onBack }),
    h('div', { class: 'device-item-head' },
      picture(o, 'device-item-picture'),
      h('div', { class: 'device-item-text' },
        pageTitle(occurrenceTitle(o), 'device-item-title'),
        h('p', { class: 'device-item-time' }, timeRange(o), ' ', stateMark(o.state)),
        o.location ? h('p', { class: 'device-item-place' }, t('plan.at', { place: o.location })) : null)),
    isNow && o.timer && o.state === 'pending' ? countdown(o, clock, 'device-item-timer') : null,
    o.description ? h('p', { class: 'device-item-description prewrap' }, o.description) : null,
    steps,
    actions,
    status);
  return paint(view, o.colour);
}

/** A big picture card for "Now" or "Next". */
export function slotCard(kind, occurrence, { clock, onOpen }) {
  const o = occurrence;
  const label = h('h2', { class: 'slot-label', id: `device-${kind}-label` }, t(`device.${kind}`));
  if (!o) {
    return h('section', { class: `device-slot device-${kind} is-free`, id: `device-${kind}`, 'aria-labelledby': label.id },
      label, h('div', { class: 'big-card' }, h('span', { class: 'big-picture free-picture', 'aria-hidden': 'true' }),
        h('span', { class: 'big-title' }, t('device.free'))));
  }
  const when = kind === 'now' ? t('device.until', { time: formatClock(o.end) }) : formatClock(o.start);
  return paint(h('section', { class: `device-slot device-${kind}`, id: `device-${kind}`, 'aria-labelledby': label.id },
    label,
    h('button', { type: 'button', class: ['big-card', `occ-${o.state}`], id: `device-${kind}-open`, onClick: () => onOpen(o) },
      picture(o, 'big-picture'),
      h('span', { class: 'big-text' },
        h('span', { class: 'big-title' }, occurrenceTitle(o)),
        h('span', { class: 'big-time' }, when)),
      stateMark(o.state)),
    kind === 'now' && o.timer && o.state === 'pending' ? countdown(o, clock, 'device-now-timer') : null), o.colour);
}
