// The activity editor's form: what, picture, when, repeat, colour, checklist, and more (place, description,
// reminders, timer, private). `body()` is the ActivityRequest; `fields` place the server's field errors.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { field, textareaField, normalizeClock } from '../forms.js';
import { localNow } from '../plan.js';
import { pictureButton, colourField, remindersField, durationField, switchField } from './plan-fields.js';
import { repeatField } from './plan-repeat.js';
import { stepsField } from './plan-steps.js';

const DEFAULT_DURATION = 30;
// The server's field errors, said the calm way in the UI's language.
export const FIELD_MESSAGES = {
  ...Object.fromEntries(['title', 'start', 'end', 'durationMinutes', 'recurrence', 'colour', 'steps', 'location',
    'description', 'reminders', 'private'].map((name) => [name, `plan.error.${name}`])),
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

export function editorForm({ user, rights, activity, preset = null, start }) {
  const title = field({ id: 'activity-title', label: t('plan.titleField'), value: activity?.title || preset?.title || '', attrs: { required: true, maxlength: 200, autocomplete: 'off' } });
  const picture = pictureButton({ user, id: 'activity-picture', label: t('plan.picture'), value: activity || preset || {} });
  const day = field({ id: 'activity-date', label: t('plan.date'), type: 'date', value: start.slice(0, 10), attrs: { required: true } });
  const time = field({ id: 'activity-start', label: t('plan.start'), type: 'clock', value: start.slice(11, 16), attrs: { required: true } });
  const duration = durationField({ value: activity && !activity.allDay ? activity.durationMinutes : DEFAULT_DURATION });
  const allDay = switchField({ id: 'activity-all-day', label: t('plan.allDay'), checked: Boolean(activity?.allDay) });
  const repeat = repeatField({
    rule: activity?.recurrence || null, date: () => day.input.value || start.slice(0, 10), timeZone: activity?.timeZone || user.timeZone,
  });
  day.input.addEventListener('change', repeat.refresh);
  const colour = colourField({ value: activity?.colour });
  const steps = stepsField({ user, steps: activity?.steps || [] });
  const location = field({ id: 'activity-location', label: t('plan.location'), value: activity?.location || '', attrs: { maxlength: 200, autocomplete: 'off' } });
  const description = textareaField({ id: 'activity-description', label: t('plan.description'), value: activity?.description || '', attrs: { maxlength: 2000, rows: 3 } });
  const reminders = remindersField({ values: activity?.reminders || [] });
  const timer = switchField({ id: 'activity-timer', label: t('plan.timer'), hint: t('plan.timerHint'), checked: Boolean(activity?.timer) });
  const privacy = rights.private
    ? switchField({ id: 'activity-private', label: t('plan.private'), hint: t('plan.privateHint'), checked: Boolean(activity?.private) })
    : null;

  const clock = h('div', { class: 'field-row' }, time.wrap, duration.wrap);
  const syncAllDay = () => { clock.hidden = allDay.input.checked; };
  allDay.input.addEventListener('change', syncAllDay);
  syncAllDay();
  const more = h('details', {
    class: 'more-choices', id: 'activity-more',
    open: Boolean((activity && (activity.location || activity.description || activity.reminders?.length || activity.timer || activity.private)) || preset?.private),
  }, h('summary', {}, t('plan.more')), h('div', { class: 'stack' }, location.wrap, description.wrap, reminders.wrap, timer.wrap, privacy?.wrap));

  const body = () => {
    const whole = allDay.input.checked;
    const chosen = picture.value();
    const data = {
      title: title.input.value.trim(),
      description: description.input.value.trim() || null,
      location: location.input.value.trim() || null,
      start: `${day.input.value}T${whole ? '00:00' : normalizeClock(time.input.value)}`,
      durationMinutes: whole ? ALL_DAY_MINUTES : Number(duration.input.value),
      allDay: whole,
      recurrence: repeat.value(),
      pictogramId: chosen.pictogramId,
      pictureId: chosen.pictureId,
      colour: colour.value(),
      steps: steps.value(),
      reminders: reminders.value(),
      timer: timer.input.checked,
    };
    if (privacy) data.private = privacy.input.checked;
    return data;
  };
  const fields = {
    title: title.input,
    get start() { return allDay.input.checked ? day.input : time.input; },
    durationMinutes: duration.input,
    end: duration.input,
    recurrence: repeat.input,
    colour: colour.input,
    pictogramId: picture.input,
    pictureId: picture.input,
    steps: steps.input,
    location: location.input,
    description: description.input,
    reminders: reminders.input,
  };
  if (privacy) fields.private = privacy.input;
  const form = h('form', { class: 'stack', id: 'activity-form' },
    title.wrap, picture.wrap, day.wrap, allDay.wrap, clock, repeat.wrap, colour.wrap, steps.wrap, more);
  return { form, fields, body, more, title };
}
