// The user's routines ("Morning", "Swimming day"): each with its activities (time, picture, title). Those who plan
// may use one on dates, rename it or delete it; a viewer only looks.
import { h, append } from '../../dom.js';
import { t, formatClock } from '../../i18n.js';
import { getAll, patch, del, seg } from '../../api.js';
import { field, handleSubmit, statusLine, showStatus } from '../../forms.js';
import { button, submitButton, confirmBox } from '../../ui.js';
import { openDialog } from '../../dialog.js';
import { pictureSrc, paint } from '../../plan-model.js';

const DAY_MINUTES = 1440;

/** The days a routine covers (1 for a day's routine). */
export const routineSpan = (routine) => Math.max(0, ...routine.items.map((item) => item.day)) + 1;

function clockAfter(time, minutes) {
  const [hours, mins] = time.split(':').map(Number);
  const end = (hours * 60 + mins + minutes) % DAY_MINUTES;
  return `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`;
}

function itemTime(item) {
  if (item.allDay) return t('plan.allDay');
  return t('plan.timeRange', { start: formatClock(item.time), end: formatClock(clockAfter(item.time, item.durationMinutes)) });
}

function itemsView(routine) {
  const several = routineSpan(routine) > 1;
  return h('ol', { class: 'routine-items', id: `routine-items-${routine.id}` }, routine.items.map((item) => {
    const src = pictureSrc(item);
    return paint(h('li', { class: 'routine-item' },
      src ? h('img', { src, alt: '', class: 'row-picture', loading: 'lazy' }) : h('span', { class: 'row-picture no-picture', 'aria-hidden': 'true' }),
      h('span', { class: 'routine-item-text' },
        h('span', { class: 'occ-time' }, several ? t('routine.dayAndTime', { day: item.day + 1, time: itemTime(item) }) : itemTime(item)),
        h('span', { class: 'occ-title' }, item.title))), item.colour);
  }));
}

/** The name as a heading, or a small form to change it. */
function nameEditor(routine, { user, canChange, status }) {
  const heading = h('h3', { class: 'routine-name', id: `routine-name-${routine.id}` }, routine.name);
  const wrap = h('div', { class: 'routine-head' }, heading);
  if (!canChange) return wrap;
  const open = button(t('routine.rename'), { id: `routine-rename-${routine.id}`, class: 'button subtle small' });
  wrap.append(open);
  open.addEventListener('click', () => {
    const name = field({ id: `routine-rename-${routine.id}-name`, label: t('routine.name'), value: routine.name, attrs: { required: true, maxlength: 100, autocomplete: 'off' } });
    const cancel = button(t('common.cancel'), { id: `routine-rename-${routine.id}-cancel`, class: 'button subtle' });
    const form = h('form', { class: 'stack routine-rename', id: `routine-rename-${routine.id}-form` }, name.wrap,
      h('div', { class: 'actions' }, submitButton(t('routine.renameSave'), `routine-rename-${routine.id}-save`), cancel));
    const close = () => { form.replaceWith(wrap); open.focus(); };
    cancel.addEventListener('click', close);
    handleSubmit(form, {
      fields: { name: name.input },
      status,
      fieldMessages: { name: 'routine.error.name' },
      submit: async () => {
        const saved = await patch(`/users/${seg(user.id)}/routines/${seg(routine.id)}`, { name: name.input.value.trim() });
        routine.name = saved.name;
        heading.textContent = saved.name;
        showStatus(status, t('routine.renamed'), 'success');
        close();
      },
    });
    wrap.replaceWith(form);
    name.input.focus();
  });
  return wrap;
}

function routineRow(routine, { user, rights, status, finish }) {
  const row = h('li', { class: 'routine', id: `routine-${routine.id}` });
  const actions = rights.create ? h('div', { class: 'actions' },
    button(t('routine.use'), { id: `routine-use-${routine.id}`, class: 'button primary', onClick: () => finish({ use: routine }) }),
    confirmBox(t('routine.delete'), {
      id: `routine-delete-${routine.id}`, text: t('routine.deleteQuestion', { name: routine.name }), confirmLabel: t('routine.deleteYes'),
      status, serious: true,
      action: async () => {
        await del(`/users/${seg(user.id)}/routines/${seg(routine.id)}`);
        const list = row.parentElement;
        row.remove();
        showStatus(status, t('routine.deleted', { name: routine.name }), 'success');
        if (list && !list.children.length) list.before(h('p', { class: 'empty', id: 'routines-list-empty' }, t(rights.create ? 'routine.none' : 'routine.noneViewer')));
        document.getElementById('routines-close')?.focus();
      },
    })) : null;
  return append(row, [nameEditor(routine, { user, canChange: rights.create, status }), itemsView(routine), actions]);
}

/** Resolves with { use: routine } to place one, or null. */
export async function openRoutines({ user, rights }) {
  const routines = await getAll(`/users/${seg(user.id)}/routines`);
  routines.sort((a, b) => a.name.localeCompare(b.name));
  return openDialog({ id: 'routines', title: t('routine.title'), className: 'editor' }, ({ finish }) => {
    const status = statusLine();
    status.id = 'routines-status';
    const list = h('ul', { class: 'routines', id: 'routines-list' }, routines.map((routine) => routineRow(routine, { user, rights, status, finish })));
    return [
      h('p', { class: 'hint', id: 'routines-lead' }, t(rights.create ? 'routine.lead' : 'routine.leadViewer', { name: user.name })),
      routines.length ? null : h('p', { class: 'empty', id: 'routines-list-empty' }, t(rights.create ? 'routine.none' : 'routine.noneViewer')),
      list,
      status,
    ];
  });
}
