// #/device — the child's screen (a paired device, or a planner's phone or tablet handed over in child mode): today in
// the day's colour, *now* in a big picture with a visual countdown and a "Done" button, *next* under it, then only a
// few more until the child asks for the rest of the day. The day follows the clock (now and next move on by
// themselves) and live changes.
import { h } from '../../dom.js';
import { t, formatDay } from '../../i18n.js';
import { session } from '../../state.js';
import { pageTitle, button } from '../../ui.js';
import { statusLine, showStatus, errorText } from '../../forms.js';
import { localNow, nowAndNext, occurrenceKey, fetchPlan, watchPlan, weekdayClass, weekdayOf } from '../../plan-model.js';
import { itemView, sendState } from './device-item.js';
import { slotCard, dayCard, updateCountdown } from './device-cards.js';
import { unlockButton } from './device-unlock.js';
import { fetchRewards, starJar } from '../goals/rewards.js';

const TICK_MS = 15000;
// After now and next, this many more: now and the next three, the rest on request.
const LATER = 2;
// How long "Well done!" counts as just done (its tick is drawn in meanwhile).
const FRESH_MS = 3000;

/** The screen's root, its state, and what its cards call back: open an item, go back, tick, the rest of the day. */
function deviceScreen(ctx) {
  const me = session.me;
  const view = { plan: null, rewards: null, date: null, open: null, drawn: null, now: null, next: null, whole: false, fresh: null };
  const screen = { ctx, me, view, root: h('div', { class: 'page device-page', id: 'device-day' }), status: statusLine() };
  screen.status.id = 'device-status';
  // The child's own time zone, as the plan answers it (the account's until the first answer).
  screen.clockNow = () => localNow(view.plan?.timeZone || me.timeZone);
  screen.occurrences = () => (view.plan?.days || []).flatMap((day) => day.occurrences).filter((o) => !o.busy);
  screen.redraw = (id) => draw(screen, id);
  screen.openItem = (o) => {
    view.open = occurrenceKey(o);
    draw(screen, 'device-item-title');
  };
  screen.back = () => {
    const key = view.open;
    view.open = null;
    draw(screen, document.getElementById(`device-occ-${key}`) ? `device-occ-${key}` : null);
  };
  screen.justDone = (o) => { view.fresh = { key: occurrenceKey(o), at: Date.now() }; };
  screen.since = (o) => {
    const fresh = view.fresh;
    if (!fresh || fresh.key !== occurrenceKey(o) || Date.now() - fresh.at > FRESH_MS) return null;
    return (Date.now() - fresh.at) / 1000;
  };
  screen.tick = (o, state) => {
    if (state === 'done') screen.justDone(o);
    sendState({
      user: me, occurrence: o, state, status: screen.status, onChange: screen.redraw,
      focusId: state === 'done' ? 'device-now-undo' : 'device-now-done',
    });
  };
  screen.toggleWhole = () => {
    view.whole = !view.whole;
    draw(screen, view.whole ? 'device-list-title' : 'device-show-rest');
  };
  return screen;
}

function head({ ctx, me }, clock) {
  return h('div', { class: 'device-top' },
    h('div', { class: ['device-head', 'day-band', weekdayClass(clock.date)], id: 'device-head', dataset: { weekday: weekdayOf(clock.date) } },
      h('p', { class: 'device-hello-line', id: 'device-hello' }, t('device.hello', { name: me.name })),
      pageTitle(formatDay(clock.date, { weekday: 'long', day: 'numeric', month: 'long' }), 'device-date')),
    session.childMode ? unlockButton(ctx) : null);
}

/** The rest of the day on request: all of it in order, what is over quieter. */
function restOfDay({ view, openItem, toggleWhole }, list, clock, now, more) {
  if (!more) return null;
  const toggle = button(t(view.whole ? 'device.showLess' : 'device.showRest'), {
    id: view.whole ? 'device-show-less' : 'device-show-rest', class: 'button device-rest',
    'aria-expanded': String(view.whole), onClick: toggleWhole,
  });
  if (!view.whole) return toggle;
  return [
    h('h2', { class: 'device-list-title', id: 'device-list-title', tabindex: '-1' }, t('device.wholeDay')),
    h('ol', { class: 'device-list', id: 'device-list', 'aria-labelledby': 'device-list-title' },
      list.map((o) => h('li', {}, dayCard(o, { clock, current: now === o, onOpen: openItem })))),
    toggle];
}

/** The star jar, when rewards are on for the child. */
function jar(screen) {
  return starJar(screen.view.rewards, {
    userId: screen.me.id, status: screen.status,
    onWished: async () => {
      screen.view.rewards = await fetchRewards(screen.me.id).catch(() => screen.view.rewards);
      screen.redraw('device-jar-count');
    },
  });
}

function dayView(screen, list, clock) {
  const { view, status, openItem } = screen;
  if (!list.length) {
    return [head(screen, clock), h('div', { class: 'device-hello' }, h('span', { class: 'device-sun', 'aria-hidden': 'true' }),
      h('p', { class: 'lead', id: 'device-nothing' }, t('device.nothing'))), jar(screen), status];
  }
  const { now, next } = nowAndNext(list, clock.stamp);
  const later = list.filter((o) => !o.allDay && o.state !== 'cancelled' && o.start > clock.stamp && o !== next).slice(0, LATER);
  const shown = new Set([now, next, ...later].filter(Boolean));
  const more = list.some((o) => !shown.has(o));
  return [head(screen, clock),
    h('div', { class: 'now-next' },
      slotCard('now', now, { clock, onOpen: openItem, onDone: screen.tick, since: screen.since }),
      next ? slotCard('next', next, { clock, onOpen: openItem }) : null),
    later.length && !view.whole ? h('section', { class: 'device-later', 'aria-labelledby': 'device-later-title' },
      h('h2', { class: 'device-list-title', id: 'device-later-title' }, t('device.later')),
      h('ol', { class: 'device-list', id: 'device-later' }, later.map((o) => h('li', {}, dayCard(o, { clock, onOpen: openItem }))))) : null,
    ...[restOfDay(screen, list, clock, now, more)].flat(),
    jar(screen),
    status];
}

function draw(screen, focusId) {
  const { view, root } = screen;
  const keep = focusId || document.activeElement?.id;
  const clock = screen.clockNow();
  const list = screen.occurrences();
  const { now, next } = nowAndNext(list, clock.stamp);
  Object.assign(view, { drawn: clock.stamp, now: now && occurrenceKey(now), next: next && occurrenceKey(next) });
  const open = view.open && list.find((o) => occurrenceKey(o) === view.open);
  if (view.open && !open) view.open = null; // moved or deleted by a planner meanwhile
  root.replaceChildren(...[open
    ? itemView({
      user: screen.me, occurrence: open, clock, isNow: now === open, status: screen.status, onBack: screen.back, onChange: screen.redraw,
      onDone: screen.justDone, since: screen.since,
    })
    : dayView(screen, list, clock)].flat().filter(Boolean));
  if (keep && root.isConnected) document.getElementById(keep)?.focus({ preventScroll: !focusId });
}

async function load(screen) {
  const { view, status } = screen;
  const date = screen.clockNow().date;
  try {
    const [plan, rewards] = await Promise.all([fetchPlan(screen.me.id, date, date), fetchRewards(screen.me.id).catch(() => view.rewards)]);
    view.plan = plan;
    view.rewards = rewards;
    view.date = date;
    showStatus(status, '');
  } catch (error) {
    // Keep showing what we had; say calmly that it could not be updated.
    showStatus(status, errorText(error), view.plan ? 'info' : 'error');
  }
  draw(screen);
}

/** Now and next move on with the clock; the countdown shrinks in between. */
function followClock(screen) {
  const { ctx, view, root } = screen;
  const timer = setInterval(() => {
    if (!ctx.alive()) {
      clearInterval(timer);
      return;
    }
    const clock = screen.clockNow();
    if (clock.date !== view.date) {
      view.whole = false;
      load(screen);
      return;
    }
    const { now, next } = nowAndNext(screen.occurrences(), clock.stamp);
    const moved = (now && occurrenceKey(now)) !== view.now || (next && occurrenceKey(next)) !== view.next;
    if (moved || (!view.open && clock.stamp !== view.drawn)) draw(screen);
    else root.querySelectorAll('.countdown').forEach((el) => updateCountdown(el, clock));
  }, TICK_MS);
}

export default async function device(ctx) {
  ctx.title = t('device.title');
  const screen = deviceScreen(ctx);
  followClock(screen);
  await load(screen);
  watchPlan(screen.me.id, ctx.alive, () => load(screen));
  return screen.root;
}
