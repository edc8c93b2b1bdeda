// The few repeats the editor offers, mapped to and from RFC 5545 RRULE values (without the "RRULE:" prefix).
// A rule the editor cannot show (every other week, the 2nd Tuesday …) is kept as it is.
import { WEEKDAYS } from './plan.js';

export const REPEATS = ['none', 'daily', 'weekdays', 'weekly', 'monthly'];
const WORKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR'];
// Parts kept when the kind of repeat changes: where a series ends (after a "this and the following" change).
const KEPT = ['UNTIL', 'COUNT', 'WKST'];

const sortDays = (days) => WEEKDAYS.filter((d) => days.includes(d));

/**
 * { kind: 'none' | 'daily' | 'weekdays' | 'weekly' | 'monthly' | 'custom', days: ['MO', …], kept: 'UNTIL=…' }
 * `weekday` ("MO" …) is the start's weekday, used for a weekly rule without BYDAY.
 */
export function parseRule(rule, weekday) {
  if (!rule) return { kind: 'none', days: [weekday], kept: '' };
  const parts = {};
  for (const piece of String(rule).toUpperCase().split(';')) {
    const [key, value] = piece.split('=');
    if (key) parts[key] = value || '';
  }
  const kept = KEPT.filter((k) => k in parts).map((k) => `${k}=${parts[k]}`).join(';');
  const custom = { kind: 'custom', days: [weekday], kept: '' };
  const known = new Set(['FREQ', 'BYDAY', 'INTERVAL', ...KEPT]);
  if (Object.keys(parts).some((k) => !known.has(k)) || (parts.INTERVAL && parts.INTERVAL !== '1')) return custom;
  const days = parts.BYDAY ? parts.BYDAY.split(',') : [];
  if (days.some((d) => !WEEKDAYS.includes(d))) return custom;
  switch (parts.FREQ) {
    case 'DAILY':
      return days.length ? custom : { kind: 'daily', days: [weekday], kept };
    case 'WEEKLY': {
      const chosen = days.length ? sortDays(days) : [weekday];
      const weekdays = chosen.join(',') === WORKDAYS.join(',');
      return { kind: weekdays ? 'weekdays' : 'weekly', days: chosen, kept };
    }
    case 'MONTHLY':
      return days.length ? custom : { kind: 'monthly', days: [weekday], kept };
    default:
      return custom;
  }
}

/** The RRULE for a choice, or null for "does not repeat". `original` is returned for 'custom'. */
export function buildRule({ kind, days = [], kept = '' }, original = null) {
  const tail = kept ? `;${kept}` : '';
  switch (kind) {
    case 'daily': return `FREQ=DAILY${tail}`;
    case 'weekdays': return `FREQ=WEEKLY;BYDAY=${WORKDAYS.join(',')}${tail}`;
    case 'weekly': return `FREQ=WEEKLY;BYDAY=${sortDays(days).join(',')}${tail}`;
    case 'monthly': return `FREQ=MONTHLY${tail}`;
    case 'custom': return original;
    default: return null;
  }
}

/** True when two rules repeat the same way (the order of parts aside). */
export function sameRule(a, b) {
  const norm = (rule) => (rule ? String(rule).toUpperCase().split(';').filter(Boolean).sort().join(';') : '');
  return norm(a) === norm(b);
}
