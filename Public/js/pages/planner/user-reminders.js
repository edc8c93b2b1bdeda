// How a person is reminded: as each activity starts (besides the activity's own reminders), a soft sound, the title
// read aloud, quiet hours without reminders, and how many an hour at most. Planners (and a young person for
// themselves) change it; viewers and the child's screen read it.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { get, put, seg } from '../../api.js';
import { field, handleSubmit, showStatus } from '../../forms.js';
import { loadingCard, submitButton, button } from '../../ui.js';
import { pushSupported, pushState, enablePush, disablePush } from '../../push.js';

function check(id, label, checked, disabled) {
  const input = h('input', { type: 'checkbox', id, class: 'check-input', checked, disabled });
  return { input, wrap: h('div', { class: 'check-row' }, input, h('label', { for: id }, label)) };
}

function settingsForm(user, settings, canChange, status) {
  const disabled = !canChange;
  const atStart = check('reminders-at-start', t('reminderSettings.atStart'), settings.atStart, disabled);
  const sound = check('reminders-sound', t('reminderSettings.sound'), settings.sound, disabled);
  const speech = check('reminders-speech', t('reminderSettings.speech'), settings.speech, disabled);
  const quiet = check('reminders-quiet', t('reminderSettings.quiet'), Boolean(settings.quietHours), disabled);
  const from = field({ id: 'reminders-quiet-from', label: t('reminderSettings.quietFrom'), type: 'clock', value: settings.quietHours?.from || '21:00', attrs: { disabled } });
  const until = field({ id: 'reminders-quiet-until', label: t('reminderSettings.quietUntil'), type: 'clock', value: settings.quietHours?.until || '07:00', attrs: { disabled } });
  const perHour = field({
    id: 'reminders-per-hour', label: t('reminderSettings.perHour'), type: 'number', value: String(settings.perHour),
    attrs: { min: 1, max: 30, step: 1, required: true, inputmode: 'numeric', disabled },
  });
  const hours = h('div', { class: 'field-row', id: 'reminders-quiet-hours', hidden: !quiet.input.checked }, from.wrap, until.wrap);
  quiet.input.addEventListener('change', () => { hours.hidden = !quiet.input.checked; });
  const inputs = { perHour: perHour.input, quietHours: from.input };
  const form = h('form', { class: 'stack', id: 'reminders-form' },
    h('p', { class: 'hint' }, t('reminderSettings.intro')),
    atStart.wrap, sound.wrap, speech.wrap, quiet.wrap, hours, perHour.wrap,
    canChange ? h('div', { class: 'actions' }, submitButton(t('reminderSettings.save'), 'reminders-save')) : null);
  if (!canChange) return form;
  handleSubmit(form, {
    fields: inputs,
    status,
    submit: async () => {
      const body = {
        sound: sound.input.checked,
        speech: speech.input.checked,
        atStart: atStart.input.checked,
        perHour: Number(inputs.perHour.value),
        quietHours: quiet.input.checked
          ? { from: from.input.value, until: until.input.value }
          : null,
      };
      await put(`/users/${seg(user.id)}/reminder-settings`, body);
      showStatus(status, t('reminderSettings.saved'), 'success');
    },
  });
  return form;
}

/** This browser's notifications, for one's own reminders: on, off, or why not. */
export function pushBlock({ heading = true } = {}) {
  const said = h('p', { class: 'hint', id: 'push-state', role: 'status', 'aria-live': 'polite' });
  const action = h('div', { class: 'actions' });
  const block = h('div', { class: 'stack', id: 'push' },
    heading ? h('h3', {}, t('push.title')) : null, h('p', { class: 'hint' }, t('push.lead')), said, action);
  const show = (state) => {
    said.textContent = t(`push.${state}`);
    action.replaceChildren();
    if (state === 'on' || state === 'off') {
      const on = state === 'on';
      action.append(button(t(on ? 'push.disable' : 'push.enable'), {
        id: 'push-toggle', class: on ? 'button' : 'button primary',
        onClick: async (event) => {
          event.currentTarget.disabled = true;
          try {
            show(await (on ? disablePush() : enablePush()));
          } catch {
            said.textContent = t('push.failed');
            event.currentTarget.disabled = false;
          }
          document.getElementById('push-toggle')?.focus();
        },
      }));
    }
  };
  if (!pushSupported()) show('unsupported');
  else pushState().then(show, () => show('off'));
  return block;
}

export function remindersCard({ user, canChange, isSelf }) {
  const box = loadingCard(t('reminderSettings.title'), async (reload, status) => {
    const settings = await get(`/users/${seg(user.id)}/reminder-settings`);
    return [settingsForm(user, settings, canChange, status), isSelf ? pushBlock() : null];
  }, { id: 'user-reminders' });
  return box.section;
}
