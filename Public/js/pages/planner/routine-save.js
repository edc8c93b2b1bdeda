// "Save as routine": a day's activities kept under a name, to place on other dates later. The planner ticks which
// of the day's activities to include (all of them to begin with).
import { h } from '../../dom.js';
import { t, formatDay } from '../../i18n.js';
import { post, seg } from '../../api.js';
import { field, handleSubmit, statusLine, setFieldError } from '../../forms.js';
import { button, submitButton } from '../../ui.js';
import { openDialog } from '../../dialog.js';
import { pictureSrc } from '../../plan-model.js';
import { group } from './editor-fields.js';
import { timeRange } from './cards.js';

/** The activities a routine from `day` can keep: those that start that day and are not someone's private time. */
function keepable(day) {
  const seen = new Set();
  return day.occurrences.filter((o) => {
    if (o.busy || o.start.slice(0, 10) < day.date || seen.has(o.activityId)) return false;
    seen.add(o.activityId);
    return true;
  });
}

function choice(occurrence) {
  const id = `routine-item-${occurrence.activityId}`;
  const src = pictureSrc(occurrence);
  return h('div', { class: 'check-row routine-choice' },
    h('input', { type: 'checkbox', id, value: occurrence.activityId, class: 'check-input', checked: true }),
    h('label', { for: id, class: 'routine-choice-label' },
      src ? h('img', { src, alt: '', class: 'row-picture' }) : null,
      h('span', { class: 'routine-item-text' }, h('span', { class: 'occ-time' }, timeRange(occurrence)), h('span', { class: 'occ-title' }, occurrence.title))));
}

/** Save `day` (a day of the plan, as the planner sees it) as a routine. Resolves with { text } or null. */
export function openSaveRoutine({ user, day }) {
  const name = formatDay(day.date, { weekday: 'long', day: 'numeric', month: 'long' });
  return openDialog({ id: 'routine-save', title: t('routine.saveTitle', { day: name }), className: 'editor' }, ({ finish, dialog }) => {
    const occurrences = keepable(day);
    if (!occurrences.length) {
      return [h('p', { class: 'empty', id: 'routine-save-empty' }, t('routine.nothingToKeep')),
        h('div', { class: 'actions' }, button(t('common.close'), { id: 'routine-save-cancel', class: 'button', onClick: () => finish(null) }))];
    }
    const status = statusLine();
    status.id = 'routine-save-status';
    const title = field({ id: 'routine-name', label: t('routine.name'), hint: t('routine.nameHint'), attrs: { required: true, maxlength: 100, autocomplete: 'off' } });
    const items = group('routine-items', t('routine.include'), h('div', { class: 'checks' }, occurrences.map(choice)));
    const form = h('form', { class: 'stack', id: 'routine-save-form' }, title.wrap, items,
      h('div', { class: 'actions' }, submitButton(t('routine.save'), 'routine-submit'),
        button(t('common.cancel'), { id: 'routine-save-cancel', class: 'button subtle', onClick: () => finish(null) })));
    handleSubmit(form, {
      fields: { name: title.input, from: items, to: items, activityIds: items },
      status,
      fieldMessages: { name: 'routine.error.name', from: 'routine.error.from', to: 'routine.error.from', activityIds: 'routine.error.from' },
      submit: async () => {
        const ticked = [...items.querySelectorAll('input:checked')].map((input) => input.value);
        if (!ticked.length) {
          setFieldError(items, t('routine.error.noneTicked'));
          items.focus();
          return;
        }
        const body = { name: title.input.value.trim(), from: day.date };
        // All ticked: the whole day as the server sees it; else only those.
        if (ticked.length < occurrences.length) body.activityIds = ticked;
        const routine = await post(`/users/${seg(user.id)}/routines`, body);
        finish({ text: t('routine.saved', { name: routine.name }) });
      },
    });
    setTimeout(() => { if (dialog.open) title.input.focus(); }, 0);
    return [form, status];
  });
}
