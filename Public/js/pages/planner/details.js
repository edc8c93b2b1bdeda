// One occurrence for those who may look but not change it (a viewer; a planner looking at a young person's own
// activity in PlaNet), and the planner's "cancel this time" and "bring it back".
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { get, seg } from '../../api.js';
import { statusLine } from '../../forms.js';
import { actionButton } from '../../ui.js';
import { openDialog } from '../../dialog.js';
import { pictureSrc, setOccurrenceState, localStartOf } from '../../plan-model.js';
import { describeRule } from '../../recurrence.js';
import { pictureCredit } from '../../picker.js';
import { dayAndTime, occurrenceTitle, stateMark } from './cards.js';

/** Cancel one occurrence (a planner's decision), or bring a cancelled one back. */
export function occurrenceActions({ user, occurrence, status, finish }) {
  const cancelled = occurrence.state === 'cancelled';
  return actionButton(t(cancelled ? 'plan.restore' : 'plan.cancelOccurrence'), {
    status,
    props: { id: cancelled ? 'activity-restore-occurrence' : 'activity-cancel-occurrence', class: 'button' },
    action: async () => {
      await setOccurrenceState(user.id, occurrence, cancelled ? 'pending' : 'cancelled', cancelled ? occurrence.stepsDone : []);
      finish({ message: cancelled ? 'plan.restored' : 'plan.cancelled' });
    },
  });
}

export function stepsView(occurrence, id) {
  if (!occurrence.steps?.length) return null;
  const done = new Set(occurrence.stepsDone || []);
  return h('ol', { class: 'steps-view', id }, occurrence.steps.map((step) => {
    const src = pictureSrc(step);
    return h('li', { class: done.has(step.id) ? 'step-done' : '' },
      src ? h('img', { src, alt: '', class: 'row-picture' }) : null,
      h('span', {}, step.text),
      done.has(step.id) ? stateMark('done') : null);
  }));
}

/** How an activity repeats, in plain words ("Every other Tuesday"); null when it does not. */
export function repeatLine(activity, occurrence, id) {
  if (!activity?.recurrence) return null;
  const text = describeRule(activity.recurrence, { date: localStartOf(occurrence).slice(0, 10), timeZone: activity.timeZone });
  return h('p', { class: 'repeat-line', id }, h('span', { 'aria-hidden': 'true' }, '\u21bb '), text);
}

/** `from` is a line on who added it (PlaNet), or null. */
export async function openOccurrenceDetails({ user, rights, occurrence, from = null }) {
  // The rule is the activity's, not the occurrence's: read it to say how it repeats.
  const activity = occurrence.recurring
    ? await get(`/users/${seg(user.id)}/activities/${seg(occurrence.activityId)}`).catch(() => null)
    : null;
  return openDialog({ id: 'occurrence-details', title: occurrenceTitle(occurrence) }, ({ finish }) => {
    const status = statusLine();
    const src = pictureSrc(occurrence, 'display');
    return [
      src ? h('img', { src, alt: '', class: 'details-picture' }) : null,
      src ? pictureCredit(occurrence, 'occurrence-credit') : null,
      h('p', { class: 'lead', id: 'occurrence-when' }, dayAndTime(occurrence), ' ', stateMark(occurrence.state)),
      repeatLine(activity, occurrence, 'occurrence-repeat'),
      from,
      occurrence.location ? h('p', {}, t('plan.at', { place: occurrence.location })) : null,
      occurrence.description ? h('p', { class: 'prewrap' }, occurrence.description) : null,
      stepsView(occurrence, 'occurrence-steps'),
      rights.cancel ? h('div', { class: 'dialog-footer actions' }, occurrenceActions({ user, occurrence, status, finish })) : null,
      status,
    ];
  });
}
