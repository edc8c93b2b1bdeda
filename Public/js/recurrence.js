// Repeats in plain words: the choices the editor offers, mapped to and from RFC 5545 RRULE values (without the
// "RRULE:" prefix), and any rule said back in words ("Every other Tuesday", "Last Friday of the month", "Every
// weekday until 20 December"). A rule the chooser cannot express is kept as it is and described as well as possible.
import { t, formatDay, formatList, ordinalForm } from './i18n.js';
import { WEEKDAYS, weekdayOf, localNow } from './plan-model.js';

const WORKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR'];
const KNOWN = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'UNTIL', 'COUNT', 'WKST']);

const sortDays = (days) => WEEKDAYS.filter((d) => days.includes(d));
const dayOfMonth = (ymd) => Number(ymd.slice(8, 10));
const daysInMonth = (ymd) => new Date(Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(5, 7)), 0)).getUTCDate();

/** "Tuesday" / "tirsdag". */
export function weekdayName(code) {
  // 1 January 2024 was a Monday.
  return formatDay(`2024-01-0${1 + Math.max(0, WEEKDAYS.indexOf(code))}`, { weekday: 'long' });
}

/** 1 → "1st" / "1.". */
export function ordinal(n) {
  return t(`ordinal.${ordinalForm(n)}`, { n });
}

/** Which of its weekday in the month a date is: 1 … 4, and whether it is also the last one. */
export function weekdayInMonth(ymd) {
  const day = dayOfMonth(ymd);
  return { nth: Math.ceil(day / 7), last: day + 7 > daysInMonth(ymd), weekday: weekdayOf(ymd) };
}

/** The repeats the chooser offers for a start on `date` (the monthly ones depend on it). */
export function offeredRepeats(date) {
  const { nth, last } = weekdayInMonth(date);
  return ['none', 'daily', 'weekdays', 'weekly', 'biweekly', 'monthlyDate',
    ...(nth <= 4 ? ['monthlyNth'] : []), ...(last ? ['monthlyLast'] : []), 'yearly'];
}

function partsOf(rule) {
  const parts = {};
  for (const piece of String(rule).toUpperCase().split(';')) {
    const [key, value] = piece.split('=');
    if (key) parts[key.trim()] = (value || '').trim();
  }
  return parts;
}

/** UNTIL as a local date: a date as it is, a UTC instant as the day it is in `timeZone`. */
function untilDate(value, timeZone) {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(value || '');
  if (!m) return null;
  if (m[7]) return localNow(timeZone, new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]))).date;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/**
 * A rule as the chooser sees it: { kind, days, interval, monthDay, ordinal, weekday, end: { kind, until, count },
 * wkst, parts }. `kind` is one of offeredRepeats() or 'custom'; `date` is the start's local date.
 */
export function parseRule(rule, date, timeZone) {
  const start = { weekday: weekdayOf(date), monthDay: dayOfMonth(date) };
  const choice = { kind: 'none', days: [start.weekday], interval: 1, monthDay: start.monthDay, ordinal: null, weekday: start.weekday, end: { kind: 'never' }, wkst: null, parts: {} };
  if (!rule) return choice;
  const parts = partsOf(rule);
  choice.parts = parts;
  choice.wkst = parts.WKST || null;
  choice.interval = Number(parts.INTERVAL || '1');
  if (parts.UNTIL) choice.end = { kind: 'until', until: untilDate(parts.UNTIL, timeZone) };
  else if (parts.COUNT) choice.end = { kind: 'count', count: Number(parts.COUNT) };
  const byDay = parts.BYDAY ? parts.BYDAY.split(',').filter(Boolean) : [];
  const plainDays = byDay.every((d) => WEEKDAYS.includes(d));
  const monthDays = parts.BYMONTHDAY ? parts.BYMONTHDAY.split(',').map(Number) : [];
  if (plainDays && byDay.length) choice.days = sortDays(byDay);
  const simple = !Object.keys(parts).some((k) => !KNOWN.has(k))
    && Number.isInteger(choice.interval) && choice.interval >= 1
    && (parts.UNTIL === undefined || choice.end.until) && (parts.COUNT === undefined || choice.end.count >= 1);
  choice.kind = 'custom';
  if (!simple) return choice;
  const { FREQ: freq } = parts;
  const once = choice.interval === 1;
  if (freq === 'DAILY' && once && !byDay.length && !monthDays.length) choice.kind = 'daily';
  else if (freq === 'WEEKLY' && plainDays && !monthDays.length && choice.interval <= 2) {
    if (choice.interval === 2) choice.kind = 'biweekly';
    else choice.kind = choice.days.join(',') === WORKDAYS.join(',') ? 'weekdays' : 'weekly';
  } else if (freq === 'MONTHLY' && once && !byDay.length && monthDays.length <= 1 && (monthDays[0] ?? 1) >= 1) {
    choice.kind = 'monthlyDate';
    if (monthDays.length) choice.monthDay = monthDays[0];
  } else if (freq === 'MONTHLY' && once && byDay.length === 1 && !monthDays.length) {
    const m = /^([+-]?\d)(MO|TU|WE|TH|FR|SA|SU)$/.exec(byDay[0]);
    const n = m ? Number(m[1]) : 0;
    if (n >= 1 && n <= 4) Object.assign(choice, { kind: 'monthlyNth', ordinal: n, weekday: m[2] });
    else if (n === -1) Object.assign(choice, { kind: 'monthlyLast', ordinal: -1, weekday: m[2] });
  } else if (freq === 'YEARLY' && once && !byDay.length && !monthDays.length) choice.kind = 'yearly';
  return choice;
}

const ymdCompact = (ymd) => ymd.replace(/-/g, '');

/** The RRULE of a choice, for a start on `date`; null for "does not repeat" (and for 'custom': keep the original). */
export function buildRule({ kind, days = [], end = { kind: 'never' }, wkst = null }, date) {
  const { nth, weekday } = weekdayInMonth(date);
  const chosen = sortDays(days.length ? days : [weekday]).join(',');
  const body = {
    daily: 'FREQ=DAILY',
    weekdays: `FREQ=WEEKLY;BYDAY=${WORKDAYS.join(',')}`,
    weekly: `FREQ=WEEKLY;BYDAY=${chosen}`,
    biweekly: `FREQ=WEEKLY;INTERVAL=2;BYDAY=${chosen}`,
    monthlyDate: `FREQ=MONTHLY;BYMONTHDAY=${dayOfMonth(date)}`,
    monthlyNth: `FREQ=MONTHLY;BYDAY=${Math.min(nth, 4)}${weekday}`,
    monthlyLast: `FREQ=MONTHLY;BYDAY=-1${weekday}`,
    yearly: 'FREQ=YEARLY',
  }[kind];
  if (!body) return null;
  let tail = '';
  if (end.kind === 'until' && end.until) tail = `;UNTIL=${ymdCompact(end.until)}`;
  else if (end.kind === 'count' && end.count >= 1) tail = `;COUNT=${Math.floor(end.count)}`;
  return `${body}${tail}${wkst && kind === 'biweekly' ? `;WKST=${wkst}` : ''}`;
}

/** True when two rules repeat the same way (the order of parts aside). */
export function sameRule(a, b) {
  const norm = (rule) => (rule ? String(rule).toUpperCase().split(';').filter(Boolean).sort().join(';') : '');
  return norm(a) === norm(b);
}

const dayList = (days) => formatList(sortDays(days).map(weekdayName));

/** The repeat itself, without its end. */
function describeRepeat(choice, date) {
  const { kind, days, parts, interval } = choice;
  switch (kind) {
    case 'daily': return t('repeat.says.daily');
    case 'weekdays': return t('repeat.says.weekdays');
    case 'weekly': return days.length === 7 ? t('repeat.says.daily') : t('repeat.says.weekly', { days: dayList(days) });
    case 'biweekly': return t('repeat.says.biweekly', { days: dayList(days) });
    case 'monthlyDate': return t('repeat.says.monthlyDate', { nth: ordinal(choice.monthDay) });
    case 'monthlyNth':
    case 'monthlyLast': return t('repeat.says.monthlyWeekday', { which: t(`repeat.which.${choice.ordinal}`), day: weekdayName(choice.weekday) });
    case 'yearly': return t('repeat.says.yearly', { date: formatDay(date, { day: 'numeric', month: 'long' }) });
    default: break;
  }
  // As well as possible: every n days, weeks, months or years, on the days named.
  const freq = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'].includes(parts.FREQ) ? parts.FREQ.toLowerCase() : null;
  const byDay = parts.BYDAY ? parts.BYDAY.split(',') : [];
  const plain = byDay.every((d) => WEEKDAYS.includes(d));
  const others = Object.keys(parts).filter((k) => !['FREQ', 'INTERVAL', 'BYDAY', 'UNTIL', 'COUNT', 'WKST'].includes(k));
  const every = (n) => (n === 1 ? t(`repeat.says.each.${freq}`) : t(`repeat.says.every.${freq}`, { n }));
  if (freq && plain && !others.length && Number.isInteger(interval) && interval >= 1) {
    return byDay.length ? t('repeat.says.onDays', { every: every(interval), days: dayList(byDay) }) : every(interval);
  }
  return freq ? t('repeat.says.special', { every: every(1) }) : t('repeat.says.unknown');
}

/** The end of a repeat in words, after the repeat. */
function withEnd(text, end, date) {
  if (end.kind === 'until' && end.until) {
    const sameYear = end.until.slice(0, 4) === String(date).slice(0, 4);
    return t('repeat.says.until', { repeat: text, date: formatDay(end.until, { day: 'numeric', month: 'long', year: sameYear ? undefined : 'numeric' }) });
  }
  if (end.kind === 'count' && end.count >= 1) return t(end.count === 1 ? 'repeat.says.once' : 'repeat.says.times', { repeat: text, count: end.count });
  return text;
}

/** Any rule in plain words, for a series starting (or seen) on `date` in `timeZone`. */
export function describeRule(rule, { date, timeZone } = {}) {
  if (!rule) return t('repeat.none');
  const choice = parseRule(rule, date, timeZone);
  return withEnd(describeRepeat(choice, date), choice.end, date);
}

/** The label of one choice in the chooser, for a start on `date`. */
export function repeatLabel(kind, date) {
  const { nth, weekday } = weekdayInMonth(date);
  switch (kind) {
    case 'monthlyDate': return t('repeat.monthlyDate', { nth: ordinal(dayOfMonth(date)) });
    case 'monthlyNth': return t('repeat.says.monthlyWeekday', { which: t(`repeat.which.${Math.min(nth, 4)}`), day: weekdayName(weekday) });
    case 'monthlyLast': return t('repeat.says.monthlyWeekday', { which: t('repeat.which.-1'), day: weekdayName(weekday) });
    case 'yearly': return t('repeat.yearly', { date: formatDay(date, { day: 'numeric', month: 'long' }) });
    default: return t(`repeat.${kind}`);
  }
}
