// The checklist of an activity in the editor: steps with a text and an optional picture, added, removed and moved.
// Rows have ids from a counter (`activity-step-1`, `-2` …) that stay with the row when it moves.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { button } from '../../ui.js';
import { group, pictureButton } from './editor-fields.js';

function redraw({ rows, list, empty }) {
  rows.forEach((row, i) => {
    row.label.textContent = t('plan.stepNumber', { number: i + 1 });
    row.up.disabled = i === 0;
    row.down.disabled = i === rows.length - 1;
  });
  list.replaceChildren(...rows.map((row) => row.li));
  empty.hidden = rows.length > 0;
}

function move(checklist, row, by) {
  const { rows } = checklist;
  const from = rows.indexOf(row);
  const to = from + by;
  if (to < 0 || to >= rows.length) return;
  rows.splice(from, 1);
  rows.splice(to, 0, row);
  redraw(checklist);
  const same = by < 0 ? row.up : row.down;
  (same.disabled ? row.input : same).focus();
}

function remove(checklist, row) {
  const { rows } = checklist;
  const at = rows.indexOf(row);
  rows.splice(at, 1);
  redraw(checklist);
  (rows[Math.min(at, rows.length - 1)]?.input || checklist.add).focus();
}

/** One step's row: its picture, its text, and buttons to move it up or down or remove it. */
function stepRow(checklist, step, id) {
  const input = h('input', { type: 'text', id: `${id}-text`, value: step.text || '', maxlength: 200, autocomplete: 'off' });
  const label = h('label', { for: input.id, class: 'visually-hidden' });
  const picture = pictureButton({ user: checklist.user, id: `${id}-picture`, value: step, compact: true });
  const row = { id: step.id || null, input, label, picture };
  row.up = button('\u2191', { id: `${id}-up`, class: 'button subtle icon', 'aria-label': t('plan.stepUp'), onClick: () => move(checklist, row, -1) });
  row.down = button('\u2193', { id: `${id}-down`, class: 'button subtle icon', 'aria-label': t('plan.stepDown'), onClick: () => move(checklist, row, 1) });
  const removeButton = button('\u00d7', { id: `${id}-remove`, class: 'button subtle icon', 'aria-label': t('plan.stepRemove'), onClick: () => remove(checklist, row) });
  row.li = h('li', { class: 'step-edit', id },
    picture.wrap,
    h('span', { class: 'step-edit-text' }, label, input),
    h('span', { class: 'step-edit-tools' }, row.up, row.down, removeButton));
  return row;
}

/** The steps with a text, in order; a step keeps its id so the ticks on it stay. */
function stepsValue(rows) {
  return rows.filter((row) => row.input.value.trim()).map((row) => {
    const step = { text: row.input.value.trim() };
    if (row.id) step.id = row.id;
    const { pictogramId, pictureId } = row.picture.value();
    if (pictogramId) step.pictogramId = pictogramId;
    if (pictureId) step.pictureId = pictureId;
    return step;
  });
}

export function stepsField({ user, steps = [] }) {
  const checklist = {
    user,
    rows: [],
    counter: 0,
    list: h('ol', { class: 'steps-edit', id: 'activity-steps' }),
    empty: h('p', { class: 'hint', id: 'activity-steps-empty' }, t('plan.stepsNone')),
  };
  const addRow = (step = {}) => {
    checklist.counter += 1;
    const row = stepRow(checklist, step, `activity-step-${checklist.counter}`);
    checklist.rows.push(row);
    redraw(checklist);
    return row;
  };
  checklist.add = button(t('plan.stepAdd'), { id: 'activity-step-add', onClick: () => addRow().input.focus() });
  steps.forEach((step) => addRow(step));
  redraw(checklist);

  const input = group('activity-steps-group', t('plan.steps'),
    h('p', { class: 'hint' }, t('plan.stepsHint')), checklist.empty, checklist.list, h('div', { class: 'actions' }, checklist.add));
  return { wrap: input, input, value: () => stepsValue(checklist.rows) };
}
