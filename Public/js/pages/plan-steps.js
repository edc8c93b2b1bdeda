// The checklist of an activity in the editor: steps with a text and an optional picture, added, removed and moved.
// Rows have ids from a counter (`activity-step-1`, `-2` …) that stay with the row when it moves.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { button } from '../ui.js';
import { group, pictureButton } from './plan-fields.js';

export function stepsField({ user, steps = [] }) {
  let counter = 0;
  const rows = [];
  const list = h('ol', { class: 'steps-edit', id: 'activity-steps' });
  const empty = h('p', { class: 'hint', id: 'activity-steps-empty' }, t('plan.stepsNone'));

  const redraw = () => {
    rows.forEach((row, i) => {
      row.label.textContent = t('plan.stepNumber', { number: i + 1 });
      row.up.disabled = i === 0;
      row.down.disabled = i === rows.length - 1;
    });
    list.replaceChildren(...rows.map((row) => row.li));
    empty.hidden = rows.length > 0;
  };

  const move = (row, by) => {
    const from = rows.indexOf(row);
    const to = from + by;
    if (to < 0 || to >= rows.length) return;
    rows.splice(from, 1);
    rows.splice(to, 0, row);
    redraw();
    const same = by < 0 ? row.up : row.down;
    (same.disabled ? row.input : same).focus();
  };

  const remove = (row) => {
    const at = rows.indexOf(row);
    rows.splice(at, 1);
    redraw();
    (rows[Math.min(at, rows.length - 1)]?.input || add).focus();
  };

  const addRow = (step = {}) => {
    counter += 1;
    const id = `activity-step-${counter}`;
    const input = h('input', { type: 'text', id: `${id}-text`, value: step.text || '', maxlength: 200, autocomplete: 'off' });
    const label = h('label', { for: input.id, class: 'visually-hidden' });
    const picture = pictureButton({ user, id: `${id}-picture`, value: step, compact: true });
    const row = { id: step.id || null, input, label, picture };
    row.up = button('\u2191', { id: `${id}-up`, class: 'button subtle icon', 'aria-label': t('plan.stepUp'), onClick: () => move(row, -1) });
    row.down = button('\u2193', { id: `${id}-down`, class: 'button subtle icon', 'aria-label': t('plan.stepDown'), onClick: () => move(row, 1) });
    const removeButton = button('\u00d7', { id: `${id}-remove`, class: 'button subtle icon', 'aria-label': t('plan.stepRemove'), onClick: () => remove(row) });
    row.li = h('li', { class: 'step-edit', id },
      picture.wrap,
      h('span', { class: 'step-edit-text' }, label, input),
      h('span', { class: 'step-edit-tools' }, row.up, row.down, removeButton));
    rows.push(row);
    redraw();
    return row;
  };

  const add = button(t('plan.stepAdd'), { id: 'activity-step-add', onClick: () => addRow().input.focus() });
  steps.forEach((step) => addRow(step));
  redraw();

  const input = group('activity-steps-group', t('plan.steps'),
    h('p', { class: 'hint' }, t('plan.stepsHint')), empty, list, h('div', { class: 'actions' }, add));

  /** The steps with a text, in order; a step keeps its id so the ticks on it stay. */
  const value = () => rows.filter((row) => row.input.value.trim()).map((row) => {
    const step = { text: row.input.value.trim() };
    if (row.id) step.id = row.id;
    const { pictogramId, pictureId } = row.picture.value();
    if (pictogramId) step.pictogramId = pictogramId;
    if (pictureId) step.pictureId = pictureId;
    return step;
  });
  return { wrap: input, input, value };
}
