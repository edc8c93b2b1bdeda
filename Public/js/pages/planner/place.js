// Placing a routine on dates, or copying a day or a week: choose the dates (and maybe another person's plan), see
// first what would be added and what would clash (a dry run that makes nothing), then add leaving the clashes out,
// or all anyway.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { post, getAll } from '../../api.js';
import { handleSubmit, statusLine, selectField, setFieldError } from '../../forms.js';
import { button, submitButton, actionButton } from '../../ui.js';
import { openDialog } from '../../dialog.js';
import { datesField } from './dates.js';
import { previewView, clashesOf, counted, reportText } from './clashes.js';

const PLANS = ['guardian', 'planner'];
const sameId = (a, b) => String(a).toLowerCase() === String(b).toLowerCase();

/** The other people the signed-in person may plan for, by name. */
async function otherPlans(user) {
  const items = await getAll('/users');
  return items.filter((item) => PLANS.includes(item.role) && !sameId(item.user.id, user.id))
    .map((item) => item.user)
    .sort((a, b) => a.name.localeCompare(b.name));
}

function targetField(user, people) {
  if (!people.length) return null;
  const select = selectField({
    id: 'place-target', label: t('place.target'), value: '',
    options: [{ value: '', label: t('place.thisPlan', { name: user.name }) }, ...people.map((p) => ({ value: p.id, label: p.name }))],
  });
  const note = h('p', { class: 'hint', id: 'place-target-note', hidden: true }, t('place.photosStay'));
  select.input.addEventListener('change', () => { note.hidden = !select.input.value; });
  select.wrap.append(note);
  return select;
}

/** What the dry run found, and the ways on: add leaving the clashes out, add all anyway, or back to the dates. */
function showPreview(placement, report) {
  const { status, form, area, path, finish } = placement;
  const back = () => {
    area.hidden = true;
    form.hidden = false;
    document.getElementById('place-check')?.focus();
  };
  const place = (onClash) => async () => {
    const done = await post(path, { ...placement.request, onClash });
    finish({ text: reportText(done, placement.who) });
  };
  const clashes = clashesOf(report).length;
  const free = report.items.length - clashes;
  const choices = [];
  if (free > 0) {
    const label = clashes ? counted('place.addSkipping', clashes) : counted('place.addAll', free);
    choices.push(actionButton(label, { status, action: place('skip'), props: { id: 'place-skip', class: 'button primary' } }));
  }
  if (clashes > 0) {
    choices.push(actionButton(t('place.addAnyway'), { status, action: place('add'), props: { id: 'place-add', class: 'button' } }));
  }
  choices.push(button(t('place.back'), { id: 'place-back', class: 'button subtle', onClick: back }));
  area.replaceChildren(previewView(report, { id: 'place-preview', target: placement.who }), h('div', { class: 'actions' }, choices));
  form.hidden = true;
  area.hidden = false;
  document.getElementById('place-preview-summary')?.focus({ preventScroll: true });
  area.closest('dialog')?.scrollTo(0, 0);
}

/** The chosen dates (and plan) as a dry run first: nothing is made until the planner sees what would clash. */
async function checkPlacement(placement) {
  const { user, people, base, dates, target, path } = placement;
  const chosenDates = dates.value();
  if (!chosenDates.length) {
    setFieldError(dates.input, t('place.error.noDates'));
    dates.input.focus();
    return;
  }
  const request = { ...base, dates: chosenDates };
  const other = target?.input.value ? people.find((p) => p.id === target.input.value) : null;
  if (other) request.targetUserId = other.id;
  placement.request = request;
  placement.who = other || user;
  showPreview(placement, await post(path, { ...request, dryRun: true }));
}

function placementContent(placement, { mode, span, today, chosen }) {
  const { user, people, finish } = placement;
  const status = statusLine();
  status.id = 'place-status';
  const dates = datesField({ id: 'place-dates', mode, span, today, chosen });
  const target = targetField(user, people);
  const form = h('form', { class: 'stack', id: 'place-form' }, dates.wrap, target?.wrap,
    h('div', { class: 'actions' }, submitButton(t('place.check'), 'place-check'),
      button(t('common.cancel'), { id: 'place-cancel', class: 'button subtle', onClick: () => finish(null) })));
  const area = h('div', { class: 'stack', id: 'place-step', hidden: true });
  Object.assign(placement, { status, dates, target, form, area });

  const fields = { dates: dates.input };
  if (target) fields.targetUserId = target.input;
  handleSubmit(form, {
    fields,
    status,
    fieldMessages: { dates: 'place.error.dates', targetUserId: 'place.error.target' },
    submit: () => checkPlacement(placement),
  });
  return [form, area, status];
}

/**
 * `path` is the API path (…/routines/{id}/apply or …/plan/copy) and `base` what each request holds besides the dates
 * ({ from, to } for a copy). `mode`, `span`, `today` and `chosen` go to the dates field. Resolves with { text } (what
 * was added and left out) after a change, or null.
 */
export async function openPlacement({ user, title, path, base = {}, mode = 'days', span = 1, today, chosen = [] }) {
  const people = await otherPlans(user).catch(() => []);
  return openDialog({ id: 'place', title, className: 'editor' }, ({ finish }) => {
    const placement = { user, people, path, base, finish, request: null, who: user };
    return placementContent(placement, { mode, span, today, chosen });
  });
}
