// #/device — the paired child's screen: today in big pictures, what happens now and what comes next, and each
// activity's checklist to tick off. The day follows the clock (now and next move on by themselves) and live changes.
import { h } from '../dom.js';
import { t, formatDay, formatClock } from '../i18n.js';
import { session } from '../state.js';
import { pageTitle } from '../ui.js';
import { statusLine, showStatus, errorText } from '../forms.js';
import { localNow, nowAndNext, occurrenceKey, paint, fetchPlan, watchPlan } from '../plan.js';
import { occurrenceTitle, stateMark } from './plan-cards.js';
import { itemView, slotCard, picture, updateCountdown } from './device-item.js';

const TICK_MS = 15000;

function dayCard(o, { clock, current, onOpen }) {
  const past = !o.allDay && o.end <= clock.stamp;
  return paint(h('button', {
    type: 'button',
    class: ['day-card', `occ-${o.state}`, current && 'is-now', past && 'is-past'],
    id: `device-occ-${occurrenceKey(o)}`,
    dataset: { activityId: o.activityId, start: o.start, state: o.state },
    onClick: () => onOpen(o),
  },
  picture(o, 'day-card-picture'),
  h('span', { class: 'day-card-text' },
    h('span', { class: 'day-card-time' }, o.allDay ? t('plan.allDay') : formatClock(o.start)),
    h('span', { class: 'day-card-title' }, occurrenceTitle(o))),
  stateMark(o.state)), o.colour);
}

export default async function device(ctx) {
  const me = session.me;
  ctx.title = t('device.title');
  const root = h('div', { class: 'page device-page', id: 'device-day' });
  const status = statusLine();
  status.id = 'device-status';
  const view = { plan: null, date: null, open: null, drawn: null, now: null, next: null };

  // The child's own time zone, as the plan answers it (the account's until the first answer).
  const clockNow = () => localNow(view.plan?.timeZone || me.timeZone);
  const occurrences = () => (view.plan?.days || []).flatMap((day) => day.occurrences).filter((o) => !o.busy);
  const openItem = (o) => {
    view.open = occurrenceKey(o);
    draw('device-item-title');
  };
  const back = () => {
    const key = view.open;
    view.open = null;
    draw(`device-occ-${key}`);
  };

  function dayView(list, clock) {
    const { now, next } = nowAndNext(list, clock.stamp);
    const head = h('div', { class: 'device-head' },
      h('p', { class: 'device-hello-line', id: 'device-hello' }, t('device.hello', { name: me.name })),
      pageTitle(formatDay(clock.date, { weekday: 'long', day: 'numeric', month: 'long' }), 'device-date'));
    if (!list.length) {
      return [head, h('div', { class: 'device-hello' }, h('span', { class: 'device-sun', 'aria-hidden': 'true' }),
        h('p', { class: 'lead', id: 'device-nothing' }, t('device.nothing'))), status];
    }
    return [head,
      h('div', { class: 'now-next' },
        slotCard('now', now, { clock, onOpen: openItem }),
        next ? slotCard('next', next, { clock, onOpen: openItem }) : null),
      h('h2', { class: 'device-list-title', id: 'device-list-title' }, t('device.today')),
      h('ol', { class: 'device-list', id: 'device-list', 'aria-labelledby': 'device-list-title' },
        list.map((o) => h('li', {}, dayCard(o, { clock, current: now === o, onOpen: openItem })))),
      status];
  }

  function draw(focusId) {
    const keep = focusId || document.activeElement?.id;
    const clock = clockNow();
    const list = occurrences();
    const { now, next } = nowAndNext(list, clock.stamp);
    Object.assign(view, { drawn: clock.stamp, now: now && occurrenceKey(now), next: next && occurrenceKey(next) });
    const open = view.open && list.find((o) => occurrenceKey(o) === view.open);
    if (view.open && !open) view.open = null; // moved or deleted by a planner meanwhile
    root.replaceChildren(...[open
      ? itemView({ user: me, occurrence: open, clock, isNow: now === open, status, onBack: back, onChange: (id) => draw(id) })
      : dayView(list, clock)].flat());
    if (keep && root.isConnected) document.getElementById(keep)?.focus({ preventScroll: !focusId });
  }

  async function load() {
    const date = clockNow().date;
    try {
      view.plan = await fetchPlan(me.id, date, date);
      view.date = date;
      showStatus(status, '');
    } catch (error) {
      // Keep showing what we had; say calmly that it could not be updated.
      showStatus(status, errorText(error), view.plan ? 'info' : 'error');
    }
    draw();
  }

  // Now and next move on with the clock; the countdown shrinks in between.
  const timer = setInterval(() => {
    if (!ctx.alive()) {
      clearInterval(timer);
      return;
    }
    const clock = clockNow();
    if (clock.date !== view.date) {
      load();
      return;
    }
    const { now, next } = nowAndNext(occurrences(), clock.stamp);
    const moved = (now && occurrenceKey(now)) !== view.now || (next && occurrenceKey(next)) !== view.next;
    if (moved || (!view.open && clock.stamp !== view.drawn)) draw();
    else root.querySelectorAll('.countdown').forEach((el) => updateCountdown(el, clock));
  }, TICK_MS);

  await load();
  watchPlan(me.id, ctx.alive, load);
  return root;
}
