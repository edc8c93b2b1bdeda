// Fields of the activity editor that are more than a text box: the picture, colour swatches, reminders,
// duration and on/off switches. Each returns { wrap, input, value() }; `input` carries the field's server error.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { selectField } from '../../forms.js';
import { button } from '../../ui.js';
import { pickPicture, pictureCredit } from '../../picker.js';
import { pictureSrc, paint } from '../../plan-model.js';

// Calm colours, readable with dark text and as a stripe; the first is the server's default.
export const COLOURS = [
  ['blue', '#4A90D9'], ['green', '#5FA777'], ['yellow', '#E2B33C'], ['orange', '#E0834F'],
  ['pink', '#D27CA3'], ['purple', '#8E7CC3'], ['grey', '#8A9499'],
];
const DURATIONS = [5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240];
const REMINDERS = [0, 5, 15, 30, 60];

export function durationText(minutes) {
  if (minutes < 60) return t('duration.minutes', { minutes });
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? t('duration.hoursMinutes', { hours, minutes: rest }) : t('duration.hours', { hours });
}

/** A group of controls under a legend, with an error line (`<id>-error`) like the other fields. */
export function group(id, legend, ...children) {
  const fieldset = h('fieldset', { class: 'field group', id, tabindex: '-1', 'aria-describedby': `${id}-error` },
    h('legend', {}, legend), ...children, h('p', { class: 'field-error', id: `${id}-error`, hidden: true }));
  return fieldset;
}

/** The picture of an activity or a step, chosen with the shared picture picker. `names` label a compact button. */
export function pictureButton({ user, id, label = '', value = {}, compact = false, names = ['plan.stepPictureChoose', 'plan.stepPictureChange'] }) {
  // The step's own picture button sits inside its row; the activity's is a field of its own.
  let chosen = { pictogramId: value.pictogramId || null, pictureId: value.pictureId || null };
  const preview = h('span', { class: 'picture-preview', id: `${id}-preview` });
  const choose = button('', { id: `${id}-choose`, class: compact ? 'button subtle picture-compact' : 'button' });
  const remove = button(t('plan.pictureRemove'), { id: `${id}-remove`, class: 'button subtle' });
  // A picture from the Internet shows its creator and licence beside it (not in a compact button).
  const credit = h('div', { class: 'picture-credit-wrap' });
  const set = (next) => {
    chosen = next;
    const src = pictureSrc(chosen);
    preview.replaceChildren(src ? h('img', { src, alt: t('plan.pictureChosen') }) : h('span', { class: 'picture-empty', 'aria-hidden': 'true' }));
    credit.replaceChildren(compact ? '' : pictureCredit(chosen, `${id}-credit`));
    remove.hidden = !src;
    if (compact) {
      choose.replaceChildren(preview);
      choose.setAttribute('aria-label', t(names[src ? 1 : 0]));
    } else choose.textContent = t(src ? 'plan.pictureChange' : 'plan.pictureChoose');
  };
  choose.addEventListener('click', async () => {
    const choice = await pickPicture({ user });
    if (choice) set(choice.kind === 'picture' ? { pictogramId: null, pictureId: choice.id } : { pictogramId: choice.id, pictureId: null });
    choose.focus();
  });
  remove.addEventListener('click', () => {
    set({ pictogramId: null, pictureId: null });
    choose.focus();
  });
  set(chosen);
  const wrap = compact ? h('span', { class: 'picture-compact-wrap' }, choose, remove)
    : group(id, label, h('div', { class: 'picture-field' }, preview, choose, remove), credit);
  return { wrap, input: wrap, value: () => ({ ...chosen }) };
}

export function colourField({ value }) {
  const colours = COLOURS.some(([, hex]) => hex.toLowerCase() === (value || '').toLowerCase()) || !value
    ? COLOURS : [...COLOURS, ['own', value]];
  const current = value || COLOURS[0][1];
  const swatches = colours.map(([name, hex]) => {
    const id = `activity-colour-${name}`;
    const dot = paint(h('span', { class: 'swatch-dot', 'aria-hidden': 'true' }), hex);
    return h('label', { class: 'swatch', for: id },
      h('input', { type: 'radio', name: 'activity-colour', id, value: hex, class: 'swatch-input', checked: hex.toLowerCase() === current.toLowerCase() }),
      dot, h('span', { class: 'visually-hidden' }, t(`colour.${name}`)));
  });
  const input = group('activity-colour', t('plan.colour'), h('div', { class: 'swatches' }, swatches));
  return { wrap: input, input, value: () => input.querySelector('input:checked')?.value || current };
}

/** Reminders: at the start, or some minutes before. Values the editor does not offer are kept and shown. */
export function remindersField({ values = [] }) {
  const offered = [...new Set([...REMINDERS, ...values])].sort((a, b) => a - b);
  const boxes = offered.map((minutes) => {
    const id = `activity-reminder-${minutes}`;
    return h('div', { class: 'check-row' },
      h('input', { type: 'checkbox', id, value: String(minutes), class: 'check-input', checked: values.includes(minutes) }),
      h('label', { for: id }, minutes === 0 ? t('plan.reminderAtStart') : t('plan.reminderBefore', { time: durationText(minutes) })));
  });
  const input = group('activity-reminders', t('plan.reminders'), h('div', { class: 'checks' }, boxes));
  const value = () => [...input.querySelectorAll('input:checked')].map((i) => Number(i.value));
  return { wrap: input, input, value };
}

export function durationField({ value }) {
  const offered = [...new Set([...DURATIONS, value])].filter((m) => m > 0).sort((a, b) => a - b);
  return selectField({
    id: 'activity-duration', label: t('plan.duration'), value: String(value),
    options: offered.map((m) => ({ value: String(m), label: durationText(m) })),
  });
}

/** An on/off switch with a label and a hint. */
export function switchField({ id, label, hint, checked }) {
  const input = h('input', { type: 'checkbox', role: 'switch', id, class: 'switch-input', checked, 'aria-describedby': hint ? `${id}-hint` : undefined });
  const wrap = h('div', { class: 'switch-row' }, input,
    h('div', { class: 'switch-text' }, h('label', { for: id }, label), hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null));
  return { wrap, input };
}

const CONFIRM_WITHIN = [5, 10, 15, 30, 45, 60, 90, 120, 180, 240];

/**
 * Confirmation (medicine, say): the person marks it done within some minutes of the start, or the people chosen
 * from their circle are told, once. `planners` are the circle; a chosen person who has left it is not offered again.
 */
export function confirmationField({ value = null, planners = [] }) {
  const on = switchField({ id: 'activity-confirm', label: t('plan.confirm'), hint: t('plan.confirmHint'), checked: Boolean(value) });
  const within = value?.withinMinutes || 30;
  const minutes = selectField({
    id: 'activity-confirm-within', label: t('plan.confirmWithin'), value: String(within),
    options: [...new Set([...CONFIRM_WITHIN, within])].sort((a, b) => a - b)
      .map((m) => ({ value: String(m), label: durationText(m) })),
  });
  const chosen = new Set((value?.tell || []).map((id) => id.toLowerCase()));
  const people = planners.map((planner) => {
    const id = `activity-confirm-tell-${planner.plannerId}`;
    return h('div', { class: 'check-row' },
      h('input', { type: 'checkbox', id, value: planner.plannerId, class: 'check-input', checked: chosen.has(planner.plannerId.toLowerCase()) }),
      h('label', { for: id }, planner.name));
  });
  const tell = group('activity-confirm-tell', t('plan.confirmTell'),
    people.length ? h('div', { class: 'checks' }, people) : h('p', { class: 'hint' }, t('plan.confirmNobody')));
  const details = h('div', { class: 'stack', id: 'activity-confirm-details' }, minutes.wrap, tell);
  const sync = () => { details.hidden = !on.input.checked; };
  on.input.addEventListener('change', sync);
  sync();
  const wrap = h('div', { class: 'stack', id: 'activity-confirmation' }, on.wrap, details);
  const value_ = () => (on.input.checked
    ? { withinMinutes: Number(minutes.input.value), tell: [...tell.querySelectorAll('input:checked')].map((i) => i.value) }
    : null);
  return { wrap, input: on.input, within: minutes.input, tell, value: value_ };
}
