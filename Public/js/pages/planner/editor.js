// The activity editor: a dialog to add an activity, or to change or delete one. For a repeating activity it asks
// which occurrences a change is for (only this one, this and the following, all) and sends that scope.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { get, getAll, post, patch, del, seg } from '../../api.js';
import { handleSubmit, statusLine, showStatus, errorText } from '../../forms.js';
import { button, submitButton, confirmBox } from '../../ui.js';
import { openDialog } from '../../dialog.js';
import { addDays, daysBetween, localStartOf } from '../../plan-model.js';
import { sameRule } from '../../recurrence.js';
import { editorForm, defaultTime, FIELD_MESSAGES } from './editor-form.js';
import { occurrenceActions } from './details.js';
import { dayAndTime } from './cards.js';

/** Asks which occurrences of a series a change or a deletion is for; resolves with the scope, or null. */
function scopeQuestion() {
  const question = h('p', { id: 'activity-scope-question', tabindex: '-1' });
  const choices = Object.fromEntries(['this', 'following', 'all'].map((scope) => [scope,
    button(t(`plan.scope.${scope}`), { id: `activity-scope-${scope}`, class: 'button primary' })]));
  const back = button(t('plan.scope.back'), { id: 'activity-scope-back', class: 'button subtle' });
  const panel = h('div', { class: 'confirm-box', id: 'activity-scope', role: 'group', 'aria-labelledby': question.id, hidden: true },
    question, h('div', { class: 'actions' }, ...Object.values(choices), back));
  const ask = (kind, { allowThis = true } = {}) => new Promise((resolve) => {
    question.textContent = t(kind === 'delete' ? 'plan.scope.delete' : 'plan.scope.save');
    choices.this.hidden = !allowThis;
    panel.hidden = false;
    question.focus();
    const answer = (value) => {
      panel.hidden = true;
      for (const el of [...Object.values(choices), back]) el.onclick = null;
      resolve(value);
    };
    for (const [scope, el] of Object.entries(choices)) el.onclick = () => answer(scope);
    back.onclick = () => answer(null);
  });
  return { panel, ask };
}

/** Send the form: add the activity, change it, or change the part of its series the planner chooses. */
async function saveActivity(editor, data) {
  const { user, activity, series, scope, start, base, finish } = editor;
  try {
    if (!activity) {
      await post(`/users/${seg(user.id)}/activities`, data);
      return finish({ message: 'plan.created' });
    }
    if (!series) {
      await patch(base, data);
      return finish({ message: 'plan.saved' });
    }
    const choice = await scope.ask('save', { allowThis: sameRule(data.recurrence, activity.recurrence) });
    if (!choice) return undefined;
    if (choice === 'this') delete data.recurrence;
    if (choice === 'all') {
      // The series keeps its first day, moved as far as this occurrence was moved.
      const shift = daysBetween(start.slice(0, 10), data.start.slice(0, 10));
      data.start = `${addDays(activity.start.slice(0, 10), shift)}T${data.start.slice(11)}`;
    }
    await patch(editor.at(choice), data);
    return finish({ message: 'plan.saved' });
  } catch (error) {
    if (['location', 'description', 'reminders', 'private', 'confirmation', 'confirmation.withinMinutes', 'confirmation.tell']
      .some((name) => name in (error.fieldErrors || {}))) editor.more.open = true;
    throw error;
  }
}

/** Deleting: for a series, after asking which occurrences; for a single activity, after a confirmation. */
function deletionControl(editor) {
  const { activity, series, scope, status, base, finish } = editor;
  const remove = async (choice) => {
    if (choice) {
      await del(editor.at(choice));
    } else {
      await del(base);
    }
    finish({ message: 'plan.deleted' });
  };
  if (activity && series) {
    return button(t('plan.delete'), {
      id: 'activity-delete', class: 'button serious',
      onClick: async () => {
        const choice = await scope.ask('delete');
        if (!choice) return;
        try {
          await remove(choice);
        } catch (error) {
          showStatus(status, errorText(error), 'error');
        }
      },
    });
  }
  if (activity) {
    return confirmBox(t('plan.delete'), {
      id: 'activity-delete', text: t('plan.deleteQuestion', { title: activity.title }), confirmLabel: t('plan.deleteYes'),
      action: () => remove(null), status, serious: true,
    });
  }
  return null;
}

/** The dialog's content: when, the form with its buttons, and the footer to cancel this time or delete. */
function editorContent(editor, dialog) {
  const { user, rights, occurrence, activity, preset, start, finish } = editor;
  const status = statusLine();
  const scope = scopeQuestion();
  const { form, fields, body, more, title } = editorForm({ user, rights, activity, preset, start, planners: editor.planners });
  Object.assign(editor, { status, scope, more });
  const save = submitButton(activity ? t('plan.save') : t('plan.create'), 'activity-submit');
  const cancel = button(t('common.cancel'), { id: 'activity-cancel', class: 'button subtle', onClick: () => finish(null) });
  form.append(h('div', { class: 'actions' }, save, cancel), scope.panel);
  handleSubmit(form, { fields, fieldMessages: FIELD_MESSAGES, status, submit: () => saveActivity(editor, body()) });

  const deletion = deletionControl(editor);
  const when = occurrence ? h('p', { class: 'hint', id: 'activity-when' }, dayAndTime(occurrence)) : null;
  const extra = occurrence && (deletion || rights.cancel)
    ? h('div', { class: 'dialog-footer actions' },
      rights.cancel ? occurrenceActions({ user, occurrence, status, finish }) : null, deletion)
    : null;
  // A new activity starts with its title; a change starts at the top.
  setTimeout(() => { if (!activity && dialog.open) title.input.focus(); }, 0);
  return [when, form, extra, status];
}

/**
 * Add an activity on `date` (starting from `preset`: what the quick add had), or change the one `occurrence` belongs
 * to. Resolves with { message } (an i18n key) after a change, or null when closed without one.
 */
export async function openActivityEditor({ user, rights, occurrence = null, date = null, preset = null }) {
  // The circle, to choose whom to tell when it is not confirmed in time.
  const [activity, planners] = await Promise.all([
    occurrence ? get(`/users/${seg(user.id)}/activities/${seg(occurrence.activityId)}`) : null,
    getAll(`/users/${seg(user.id)}/planners`).catch(() => []),
  ]);
  const base = activity ? `/users/${seg(user.id)}/activities/${seg(activity.id)}` : null;
  const editor = {
    user, rights, occurrence, activity, preset, base, planners,
    // The form shows the activity's own wall clock, which is what a change sends back.
    start: occurrence ? localStartOf(occurrence) : `${date}T${preset?.time || defaultTime(user, date)}`,
    series: Boolean(occurrence?.recurring && activity?.recurrence),
    at: (scope) => `${base}?scope=${scope}&occurrence=${encodeURIComponent(localStartOf(occurrence))}`,
  };
  const heading = activity ? t('plan.editTitle') : t('plan.newTitle');
  return openDialog({ id: 'activity-editor', title: heading, className: 'editor' }, ({ finish, dialog }) => {
    editor.finish = finish;
    return editorContent(editor, dialog);
  });
}
