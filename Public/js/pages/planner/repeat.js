// The editor's repeat chooser in plain words: does not repeat, every day, every weekday, every (other) week on chosen
// days, every month on the same date or on "the last Friday", every year; an optional end (until a date, or a number
// of times); and the chosen repeat said back in words. A rule it cannot express is kept exactly as it is.
import { h } from '../../dom.js';
import { t, formatDay } from '../../i18n.js';
import { field, selectField } from '../../forms.js';
import { WEEKDAYS, addDays, weekStart, weekdayOf } from '../../plan-model.js';
import { parseRule, buildRule, describeRule, offeredRepeats, repeatLabel, sameRule } from '../../recurrence.js';
import { group } from './editor-fields.js';

const WITH_DAYS = new Set(['weekly', 'biweekly']);
const ENDS = ['never', 'until', 'count'];
const MAX_COUNT = 999;

/** The weekdays to choose for every (other) week, named the language's way, from the start's week. */
function dayChoices(original, parsed, first) {
  const boxes = WEEKDAYS.map((code, i) => {
    const id = `activity-repeat-day-${code}`;
    return h('label', { class: 'day-choice', for: id },
      h('input', { type: 'checkbox', id, value: code, class: 'check-input', checked: original ? parsed.days.includes(code) : false }),
      h('span', {}, formatDay(addDays(weekStart(first), i), { weekday: 'short' })));
  });
  const days = group('activity-repeat-days', t('plan.repeatDays'), h('div', { class: 'day-choices' }, boxes));
  return { days, inputs: boxes.map((b) => b.querySelector('input')) };
}

/** How the repeat ends: never, until a date, or after a number of times. */
function endFields(parsed, first) {
  const end = selectField({
    id: 'activity-repeat-end', label: t('repeat.endLabel'), value: parsed.end.kind,
    options: ENDS.map((kind) => ({ value: kind, label: t(`repeat.end.${kind}`) })),
  });
  const until = field({ id: 'activity-repeat-until', label: t('repeat.untilField'), type: 'date', value: parsed.end.until || addDays(first, 28) });
  const count = field({
    id: 'activity-repeat-count', label: t('repeat.countField'), type: 'number', value: String(parsed.end.count || 10),
    attrs: { min: 1, max: MAX_COUNT, step: 1, inputmode: 'numeric' },
  });
  const ending = h('div', { class: 'field-row repeat-end', id: 'activity-repeat-ending' }, end.wrap, until.wrap, count.wrap);
  return { end, until, count, ending };
}

/** The rule the chooser says now; while the choice stays as it was, the rule goes back untouched. */
function ruleOf(chooser) {
  const { select, end, until, count, parsed, original, initial, date } = chooser;
  const kind = select.input.value;
  if (kind === 'custom') return original;
  const chosen = chooser.chosenDays();
  const built = buildRule({
    kind,
    days: chosen.length ? chosen : [weekdayOf(date())],
    end: { kind: end.input.value, until: until.input.value, count: Number(count.input.value) },
    wkst: parsed.wkst,
  }, date());
  return initial && built && sameRule(built, initial) ? original : built;
}

/** The options name the date ("Every month on the 27th", "Last Friday of the month"), so they follow it. */
function fillOptions({ select, parsed, original, date, timeZone }) {
  const d = date();
  const current = select.input.value || parsed.kind;
  const kinds = [...offeredRepeats(d), ...(parsed.kind === 'custom' ? ['custom'] : [])];
  select.input.replaceChildren(...kinds.map((kind) => h('option', { value: kind },
    kind === 'custom' ? t('repeat.custom', { repeat: describeRule(original, { date: d, timeZone }) }) : repeatLabel(kind, d))));
  const fallback = current.startsWith('monthly') ? (kinds.includes('monthlyLast') ? 'monthlyLast' : 'monthlyDate') : 'none';
  select.input.value = kinds.includes(current) ? current : fallback;
}

/** Show the parts the choice needs, check the end date, and say the repeat in words. */
function syncChooser(chooser) {
  const { select, days, inputs, ending, end, until, count, summary, date, timeZone } = chooser;
  const kind = select.input.value;
  const repeats = kind !== 'none' && kind !== 'custom';
  days.hidden = !WITH_DAYS.has(kind);
  // Every (other) week without a day chosen yet: the activity's own day.
  if (!days.hidden && !chooser.chosenDays().length) {
    const own = inputs.find((i) => i.value === weekdayOf(date()));
    if (own) own.checked = true;
  }
  ending.hidden = !repeats;
  until.wrap.hidden = !repeats || end.input.value !== 'until';
  count.wrap.hidden = !repeats || end.input.value !== 'count';
  until.input.required = !until.wrap.hidden;
  count.input.required = !count.wrap.hidden;
  until.input.min = date();
  until.input.setCustomValidity(!until.wrap.hidden && until.input.value && until.input.value < date() ? t('repeat.untilBefore') : '');
  summary.hidden = kind === 'none';
  summary.textContent = summary.hidden ? '' : describeRule(ruleOf(chooser), { date: date(), timeZone });
}

/** `date()` is the start's local date as the form has it now; call `refresh()` when it changes. */
export function repeatField({ rule, date, timeZone }) {
  const original = rule || null;
  const first = date();
  const parsed = parseRule(original, first, timeZone);
  const chooser = {
    original, parsed, date, timeZone,
    // What the chooser sends for the rule as it was.
    initial: parsed.kind === 'custom' ? original : buildRule(parsed, first),
    select: selectField({ id: 'activity-repeat', label: t('plan.repeat'), value: parsed.kind, options: [] }),
    ...dayChoices(original, parsed, first),
    ...endFields(parsed, first),
    summary: h('p', { class: 'repeat-summary', id: 'activity-repeat-summary', 'aria-live': 'polite' }),
  };
  chooser.chosenDays = () => chooser.inputs.filter((i) => i.checked).map((i) => i.value);
  const { select, days, ending, summary, end, until, count, inputs } = chooser;
  const sync = () => syncChooser(chooser);
  fillOptions(chooser);
  for (const el of [select.input, end.input, until.input, count.input, ...inputs]) {
    el.addEventListener('change', sync);
    el.addEventListener('input', sync);
  }
  sync();
  const refresh = () => {
    fillOptions(chooser);
    sync();
  };
  return {
    wrap: h('div', { class: 'stack repeat-field' }, select.wrap, days, ending, summary),
    input: select.input,
    days,
    value: () => ruleOf(chooser),
    refresh,
  };
}
