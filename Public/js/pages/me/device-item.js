// The child's view of one occurrence: its picture, its checklist as big pictures to tick one by one, "Done" (with a
// calm "Well done!") and undo, and the visual countdown while it is happening.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { pageTitle, button } from '../../ui.js';
import { showStatus, errorText } from '../../forms.js';
import { paint, setOccurrenceState } from '../../plan-model.js';
import { timeRange, occurrenceTitle, stateMark } from '../planner/cards.js';
import { picture, countdown, wellDone } from './device-cards.js';
import { pictureCredit } from '../../picker.js';

/** Send a new state (and ticked steps); the occurrence changes at once and goes back as it was if the server says no. */
export async function sendState({ user, occurrence: o, state, stepsDone = o.stepsDone || [], status, onChange, focusId }) {
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
}

/** Each step as a big picture with its text under it; a tap ticks it off (and back). */
function stepList(o, send) {
  if (!o.steps?.length) return null;
  const tickable = o.state !== 'cancelled';
  const done = new Set(o.stepsDone || []);
  return h('ol', { class: 'device-steps', id: 'device-steps', 'aria-label': t('device.steps') }, o.steps.map((step, i) => {
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
      step.pictogramId || step.pictureId ? picture(step, 'step-picture')
        : h('span', { class: 'step-picture step-number', 'aria-hidden': 'true', dataset: { number: String(i + 1) } }),
      h('span', { class: 'step-text' }, step.text),
      h('span', { class: 'step-check', 'aria-hidden': 'true' }, ticked ? '\u2713' : '')));
  }));
}

/** "Done" and "Skip" while pending; "Well done!" or skipped with an undo; a calm line when cancelled. */
function stateActions(o, send, since) {
  if (o.state === 'pending') {
    return h('div', { class: 'device-actions' },
      button(t('device.done'), { id: 'device-done', class: 'button primary big', onClick: () => send('done', o.stepsDone || [], 'device-undo') }),
      button(t('device.skip'), { id: 'device-skip', class: 'button subtle', onClick: () => send('skipped', o.stepsDone || [], 'device-undo') }));
  }
  if (o.state === 'done') {
    return wellDone({
      id: 'device-well-done', since: since(o),
      children: [button(t('device.undo'), { id: 'device-undo', class: 'button subtle', onClick: () => send('pending', o.stepsDone || [], 'device-done') })],
    });
  }
  if (o.state === 'skipped') {
    return h('div', { class: 'device-actions' },
      h('p', { class: 'device-state device-state-skipped', id: 'device-state', role: 'status' }, t('device.skippedText')),
      button(t('device.undo'), { id: 'device-undo', class: 'button', onClick: () => send('pending', o.stepsDone || [], 'device-done') }));
  }
  return h('p', { class: 'device-state', id: 'device-state', role: 'status' }, t('device.cancelledText'));
}

/**
 * The occurrence with its steps. `onChange()` redraws after a tick; the occurrence is updated in place from the
 * server's answer (and put back as it was when the server says no).
 */
export function itemView({ user, occurrence, clock, isNow, status, onBack, onChange, onDone, since = () => null }) {
  const o = occurrence;
  const send = (state, stepsDone, focusId) => {
    if (state === 'done') onDone?.(o);
    return sendState({ user, occurrence: o, state, stepsDone, status, onChange, focusId });
  };
  const steps = stepList(o, send);
  const actions = stateActions(o, send, since);
  const view = h('div', { class: ['device-item', `occ-${o.state}`], id: 'device-item' },
    button(t('device.back'), { id: 'device-back', class: 'button device-back', onClick: onBack }),
    h('div', { class: 'device-item-head' },
      picture(o, 'device-item-picture'),
      h('div', { class: 'device-item-text' },
        pageTitle(occurrenceTitle(o), 'device-item-title'),
        h('p', { class: 'device-item-time' }, timeRange(o), ' ', stateMark(o.state)),
        o.location ? h('p', { class: 'device-item-place' }, t('plan.at', { place: o.location })) : null,
        pictureCredit(o, 'device-item-credit'))),
    isNow && o.state === 'pending' ? countdown(o, clock, 'device-item-timer') : null,
    o.description ? h('p', { class: 'device-item-description prewrap' }, o.description) : null,
    steps,
    actions,
    status);
  return paint(view, o.colour);
}
