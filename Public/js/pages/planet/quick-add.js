// PlaNet's quick add: a young person adds their own activity in three taps. "+" on a day, a title (a picture if
// they like), one tap on a time (in an hour, morning, afternoon, evening, or another time) and it is on the plan.
// "More" opens the whole editor with what was typed.
import { h } from '../../dom.js';
import { t, formatDay, formatClock } from '../../i18n.js';
import { post, seg } from '../../api.js';
import { field, handleSubmit, statusLine, showStatus, clockInput, normalizeClock } from '../../forms.js';
import { button } from '../../ui.js';
import { openDialog } from '../../dialog.js';
import { localNow } from '../../plan-model.js';
import { pictureButton, switchField } from '../planner/editor-fields.js';
import { FIELD_MESSAGES } from '../planner/editor-form.js';

const QUICK_MINUTES = 60;
const pad = (n) => String(n).padStart(2, '0');

/** In an hour, to the nearest half hour ("14:23" → "15:30"); null when that is tomorrow. */
function inAnHour(stamp) {
  const minutes = Number(stamp.slice(11, 13)) * 60 + Number(stamp.slice(14, 16)) + 60;
  const rounded = Math.round(minutes / 30) * 30;
  return rounded >= 24 * 60 ? null : `${pad(Math.floor(rounded / 60))}:${pad(rounded % 60)}`;
}

/** The time chips for `date`: [key, 'HH:MM'] ("soon" only today). */
function timeChoices(user, date) {
  const now = localNow(user.timeZone);
  const soon = date === now.date ? inAnHour(now.stamp) : null;
  return [...(soon ? [['soon', soon]] : []), ['morning', '08:00'], ['afternoon', '15:00'], ['evening', '19:00']];
}

/** One tap on a time, or "Another time" with a time box: either sets `quick.time` and sends the form. */
function timeChips(quick, choices) {
  const { form } = quick;
  const chips = choices.map(([key, at]) => button([t(`quick.${key}`), ' ', h('span', { class: 'chip-time' }, formatClock(at))], {
    id: `quick-time-${key}`, class: 'button chip',
    onClick: () => { quick.time = at; form.requestSubmit(); },
  }));
  const other = clockInput({ id: 'quick-time-input', value: choices[0][1], 'aria-label': t('quick.otherTime') });
  const otherSave = button(t('quick.save'), { id: 'quick-time-save', class: 'button primary', onClick: () => { quick.time = normalizeClock(other.value); form.requestSubmit(); } });
  const otherRow = h('div', { class: 'quick-other', id: 'quick-other', hidden: true }, other, otherSave);
  const otherChip = button(t('quick.other'), {
    id: 'quick-time-other', class: 'button chip subtle', 'aria-expanded': 'false', 'aria-controls': 'quick-other',
    onClick: () => {
      otherRow.hidden = false;
      otherChip.setAttribute('aria-expanded', 'true');
      other.focus();
    },
  });
  const group = h('fieldset', { class: 'field group quick-times', id: 'quick-times' },
    h('legend', {}, t('quick.when')), h('div', { class: 'chips' }, chips, otherChip), otherRow);
  return { chips, group };
}

async function addActivity({ user, date, time, title, picture, privacy, status, finish }) {
  if (!/^\d{2}:\d{2}$/.test(time || '')) {
    showStatus(status, t('plan.error.start'), 'error');
    return;
  }
  const { pictogramId, pictureId } = picture.value();
  await post(`/users/${seg(user.id)}/activities`, {
    title: title.input.value.trim(), start: `${date}T${time}`, durationMinutes: QUICK_MINUTES,
    pictogramId, pictureId, private: privacy.input.checked,
  });
  finish({ message: 'plan.created' });
}

function quickForm(quick) {
  const { user, date, finish } = quick;
  const status = statusLine();
  const title = field({ id: 'quick-title', label: t('quick.what'), attrs: { required: true, maxlength: 200, autocomplete: 'off', enterkeyhint: 'next' } });
  const picture = pictureButton({ user, id: 'quick-picture', compact: true, names: ['plan.pictureChoose', 'plan.pictureChange'] });
  const privacy = switchField({ id: 'quick-private', label: t('plan.private'), hint: t('plan.privateHint'), checked: false });
  const choices = timeChoices(user, date);
  Object.assign(quick, { status, title, picture, privacy, time: choices[0][1] });
  const form = h('form', { class: 'stack quick-form', id: 'quick-form' });
  quick.form = form;
  const { chips, group } = timeChips(quick, choices);
  // Enter after the title goes on to the times.
  title.input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    chips[0].focus();
  });
  const preset = () => ({ title: title.input.value.trim(), ...picture.value(), private: privacy.input.checked, time: quick.time });
  const more = button(t('quick.more'), { id: 'quick-more', class: 'button subtle', onClick: () => finish({ more: preset() }) });
  form.append(
    h('div', { class: 'quick-what' }, title.wrap, picture.wrap),
    group,
    privacy.wrap,
    h('div', { class: 'actions' }, more),
    status);
  handleSubmit(form, {
    fields: { title: title.input, start: group, pictogramId: picture.input, pictureId: picture.input, private: privacy.input },
    fieldMessages: FIELD_MESSAGES,
    status,
    submit: () => addActivity(quick),
  });
  setTimeout(() => title.input.focus(), 0);
  return form;
}

/**
 * Resolves with { message } once added, { more: preset } to go on in the whole editor, or null when closed.
 * `preset` carries what was typed: { title, pictogramId, pictureId, private, time }.
 */
export function openQuickAdd({ user, date }) {
  const day = formatDay(date, { weekday: 'long', day: 'numeric', month: 'long' });
  return openDialog({ id: 'quick-add', title: t('quick.title', { day }), className: 'quick' }, ({ finish }) => quickForm({ user, date, finish }));
}
