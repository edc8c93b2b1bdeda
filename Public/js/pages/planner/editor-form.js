// The activity editor's form: what, picture, when, repeat, colour, checklist, and more (place, description,
// reminders, timer, private). `body()` is the ActivityRequest; `fields` place the server's field errors.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { field, textareaField, normalizeClock } from '../../forms.js';
import { localNow } from '../../plan-model.js';
import { pictureButton, colourField, remindersField, confirmationField, durationField, switchField } from './editor-fields.js';
import { repeatField } from './repeat.js';
import { stepsField } from './steps.js';

const DEFAULT_DURATION = 30;
// The server's field errors, said the calm way in the UI's language.
export const FIELD_MESSAGES = {
  ...Object.fromEntries(['title', 'start', 'end', 'durationMinutes', 'recurrence', 'colour', 'steps', 'location',
    'description', 'reminders', 'private', 'confirmation'].map((name) => [name, `plan.error.${name}`])),
  'confirmation.withinMinutes': 'plan.error.confirmation',
  'confirmation.tell': 'plan.error.confirmTell',
  pictogramId: 'plan.error.picture',
  pictureId: 'plan.error.picture',
};
const ALL_DAY_MINUTES = 1440;

/** A new activity starts at the next whole hour today, else at 08:00. */
export function defaultTime(user, date) {
  const now = localNow(user.timeZone);
  if (date !== now.date) return '08:00';
  return `${String(Math.min(23, Number(now.stamp.slice(11, 13)) + 1)).padStart(2, '0')}:00`;
}

/** Every field of the form, filled from the activity being changed, or from the quick add's `preset`. */
function editorFields({ user, rights, activity, preset, start, planners }) {
  const f = {};
  f.title = field({ id: 'activity-title', label: t('plan.titleField'), value: activity?.title || preset?.title || '', attrs: { required: true, maxlength: 200, autocomplete: 'off' } });
  f.picture = pictureButton({ user, id: 'activity-picture', label: t('plan.picture'), value: activity || preset || {} });
  f.day = field({ id: 'activity-date', label: t('plan.date'), type: 'date', value: start.slice(0, 10), attrs: { required: true } });
  f.time = field({ id: 'activity-start', label: t('plan.start'), type: 'clock', value: start.slice(11, 16), attrs: { required: true } });
  f.duration = durationField({ value: activity && !activity.allDay ? activity.durationMinutes : DEFAULT_DURATION });
  f.allDay = switchField({ id: 'activity-all-day', label: t('plan.allDay'), checked: Boolean(activity?.allDay) });
  f.repeat = repeatField({
    rule: activity?.recurrence || null, date: () => f.day.input.value || start.slice(0, 10), timeZone: activity?.timeZone || user.timeZone,
  });
  f.day.input.addEventListener('change', f.repeat.refresh);
  f.colour = colourField({ value: activity?.colour });
  f.steps = stepsField({ user, steps: activity?.steps || [] });
  f.location = field({ id: 'activity-location', label: t('plan.location'), value: activity?.location || '', attrs: { maxlength: 200, autocomplete: 'off' } });
  f.description = textareaField({ id: 'activity-description', label: t('plan.description'), value: activity?.description || '', attrs: { maxlength: 2000, rows: 3 } });
  f.reminders = remindersField({ values: activity?.reminders || [] });
  f.confirmation = confirmationField({ value: activity?.confirmation || null, planners });
  f.timer = switchField({ id: 'activity-timer', label: t('plan.timer'), hint: t('plan.timerHint'), checked: Boolean(activity?.timer) });
  f.privacy = rights.private
    ? switchField({ id: 'activity-private', label: t('plan.private'), hint: t('plan.privateHint'), checked: Boolean(activity?.private) })
    : null;
  return f;
}

/** The ActivityRequest the form says now. */
function activityBody(f) {
  const whole = f.allDay.input.checked;
  const chosen = f.picture.value();
  const data = {
    title: f.title.input.value.trim(),
    description: f.description.input.value.trim() || null,
    location: f.location.input.value.trim() || null,
    start: `${f.day.input.value}T${whole ? '00:00' : normalizeClock(f.time.input.value)}`,
    durationMinutes: whole ? ALL_DAY_MINUTES : Number(f.duration.input.value),
    allDay: whole,
    recurrence: f.repeat.value(),
    pictogramId: chosen.pictogramId,
    pictureId: chosen.pictureId,
    colour: f.colour.value(),
    steps: f.steps.value(),
    reminders: f.reminders.value(),
    confirmation: whole ? null : f.confirmation.value(),
    timer: f.timer.input.checked,
  };
  if (f.privacy) data.private = f.privacy.input.checked;
  return data;
}

/** Where each of the server's field errors is shown. */
function errorPlaces(f) {
  const fields = {
    title: f.title.input,
    get start() { return f.allDay.input.checked ? f.day.input : f.time.input; },
    durationMinutes: f.duration.input,
    end: f.duration.input,
    recurrence: f.repeat.input,
    colour: f.colour.input,
    pictogramId: f.picture.input,
    pictureId: f.picture.input,
    steps: f.steps.input,
    location: f.location.input,
    description: f.description.input,
    reminders: f.reminders.input,
    confirmation: f.confirmation.within,
    'confirmation.withinMinutes': f.confirmation.within,
    'confirmation.tell': f.confirmation.tell,
  };
  if (f.privacy) fields.private = f.privacy.input;
  return fields;
}

export function editorForm({ user, rights, activity, preset = null, start, planners = [] }) {
  const f = editorFields({ user, rights, activity, preset, start, planners });
  const clock = h('div', { class: 'field-row' }, f.time.wrap, f.duration.wrap);
  // An activity lasting all day has no start to count a confirmation from.
  const syncAllDay = () => { clock.hidden = f.allDay.input.checked; f.confirmation.wrap.hidden = f.allDay.input.checked; };
  f.allDay.input.addEventListener('change', syncAllDay);
  syncAllDay();
  const more = h('details', {
    class: 'more-choices', id: 'activity-more',
    open: Boolean((activity && (activity.location || activity.description || activity.reminders?.length || activity.confirmation || activity.timer || activity.private)) || preset?.private),
  }, h('summary', {}, t('plan.more')), h('div', { class: 'stack' }, f.location.wrap, f.description.wrap, f.reminders.wrap, f.confirmation.wrap, f.timer.wrap, f.privacy?.wrap));
  const form = h('form', { class: 'stack', id: 'activity-form' },
    f.title.wrap, f.picture.wrap, f.day.wrap, f.allDay.wrap, clock, f.repeat.wrap, f.colour.wrap, f.steps.wrap, more);
  return { form, fields: errorPlaces(f), body: () => activityBody(f), more, title: f.title };
}
