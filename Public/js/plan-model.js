// The plan, shared by the planner's week view and the child's day screen: local dates and times in the user's
// time zone, pictures of occurrences, now and next, who may do what, ticking off, and live refetching.
import { get, put, seg, apiUrl } from './api.js';
import { subscribe } from './realtime.js';

const DEFAULT_ZONE = 'Europe/Copenhagen';
const DEBOUNCE_MS = 150;
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** The wall clock in `timeZone` now: { date: 'YYYY-MM-DD', stamp: 'YYYY-MM-DDTHH:MM', seconds }. */
export function localNow(timeZone, at = new Date()) {
  let parts;
  try {
    parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: timeZone || DEFAULT_ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    }).formatToParts(at);
  } catch {
    return localNow(DEFAULT_ZONE, at);
  }
  const part = Object.fromEntries(parts.map((p) => [p.type, p.value]));
  const date = `${part.year}-${part.month}-${part.day}`;
  return { date, stamp: `${date}T${part.hour}:${part.minute}`, seconds: Number(part.second) };
}

function utcOf(ymd) {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

export function addDays(ymd, days) {
  const date = utcOf(ymd);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Days from `a` to `b` (both "YYYY-MM-DD"). */
export function daysBetween(a, b) {
  return Math.round((utcOf(b) - utcOf(a)) / 86400000);
}

/** "MO" … "SU" for a date. */
export function weekdayOf(ymd) {
  return WEEKDAYS[(utcOf(ymd).getUTCDay() + 6) % 7];
}

/**
 * The class that gives a date its weekday colour (`day-mo` … `day-su`): the visual-schedule convention of Monday
 * green, Tuesday purple, Wednesday orange, Thursday blue, Friday yellow, Saturday pink and Sunday red (see app.css).
 */
export const weekdayClass = (ymd) => `day-${weekdayOf(ymd).toLowerCase()}`;

/** The Monday of the week a date is in. */
export function weekStart(ymd) {
  return addDays(ymd, -WEEKDAYS.indexOf(weekdayOf(ymd)));
}

export const isDate = (value) => /^\d{4}-\d{2}-\d{2}$/.test(String(value || '')) && !Number.isNaN(utcOf(value).getTime());

/** Minutes from one local date-time ("YYYY-MM-DDTHH:MM[:SS]") to another, on the wall clock. */
export function minutesBetween(from, to) {
  const ms = (stamp) => {
    const [date, time = '00:00'] = stamp.split('T');
    const [h, m, s = 0] = time.split(':').map(Number);
    return utcOf(date).getTime() + ((h * 60 + m) * 60 + s) * 1000;
  };
  return (ms(to) - ms(from)) / 60000;
}

/** The image of an activity or a step: its photo (thumb or display size) or its pictogram; null without one. */
export function pictureSrc(item, size = 'thumb') {
  if (item?.pictureId) return apiUrl(`/pictures/${seg(item.pictureId)}?size=${size}`);
  if (item?.pictogramId) return apiUrl(`/pictograms/${seg(item.pictogramId)}/image`);
  return null;
}

/**
 * The occurrence's own start as its activity's rule names it: the key for `?occurrence=` and for its state. (`start`
 * is the real start on the user's wall clock; they differ only for an activity kept in another time zone or one
 * moved on by a daylight-saving gap.)
 */
export const localStartOf = (occurrence) => occurrence.localStart || occurrence.start;

/** A stable id part for one occurrence: its activity and its local start. */
export const occurrenceKey = (occurrence) => `${occurrence.activityId}-${localStartOf(occurrence).replace(/[-:T]/g, '')}`;

/** Give an element the activity's colour (a `--activity-colour` custom property, through the CSSOM). */
export function paint(el, colour) {
  if (/^#[0-9a-fA-F]{6}$/.test(colour || '')) el.style.setProperty('--activity-colour', colour);
  return el;
}

/**
 * What is happening now and what comes next (cancelled and all-day ones never count). When several are happening,
 * now is the one that began last: lunch during the school day, not the school day.
 */
export function nowAndNext(occurrences, stamp) {
  const live = occurrences.filter((o) => o.state !== 'cancelled' && !o.allDay && !o.busy);
  return {
    now: live.filter((o) => o.start <= stamp && stamp < o.end).pop() || null,
    next: live.find((o) => o.start > stamp) || null,
  };
}

export function fetchPlan(userId, from, to) {
  return get(`/users/${seg(userId)}/plan?from=${from}&to=${to}`);
}

/** Done, skipped, pending again or cancelled, with the ticked steps. Answers the OccurrenceState. */
export function setOccurrenceState(userId, occurrence, state, stepsDone = occurrence.stepsDone || []) {
  const path = `/users/${seg(userId)}/activities/${seg(occurrence.activityId)}/occurrences/${seg(localStartOf(occurrence))}/state`;
  return put(path, { state, stepsDone });
}

/**
 * What the signed-in person may do with `user`'s plan (the server has the final say). `role` is their planner role
 * for the user, or null. In Me the planners plan and the child ticks off; in PlaNet the user plans their own week
 * and planners add from the sideline, changing only what they added.
 */
export function planRights({ user, me, role, device = false }) {
  const self = user.id === me.id;
  const planner = role === 'guardian' || role === 'planner';
  const planet = user.app === 'planet';
  const ownPlanner = self && planet && !device;
  const mine = (occurrence) => (occurrence.createdBy || '').toLowerCase() === me.id.toLowerCase();
  return {
    create: planner || ownPlanner,
    edit: (occurrence) => !occurrence.busy && ((planner && (!planet || mine(occurrence))) || (ownPlanner && mine(occurrence))),
    cancel: planner,
    tick: planner || self,
    private: ownPlanner,
  };
}

/**
 * Refetch (debounced) whenever the server says `userId`'s plan changed, that news may have been missed (`resync`), or
 * that the connection is (again) open (`hello`: something may have changed meanwhile), for as long as `alive()` says
 * the page is still shown.
 */
export function watchPlan(userId, alive, refetch) {
  const id = String(userId).toLowerCase();
  let timer = null;
  const unsubscribe = subscribe((message) => {
    if (!alive()) {
      clearTimeout(timer);
      unsubscribe();
      return;
    }
    const mine = message.type === 'plan' && String(message.userId || '').toLowerCase() === id;
    if (!mine && message.type !== 'resync' && message.type !== 'hello') return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (alive()) refetch();
    }, DEBOUNCE_MS);
  });
  return unsubscribe;
}
