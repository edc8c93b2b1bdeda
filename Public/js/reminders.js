// A due reminder on the person's own screen: the activity's picture big, its title, when it starts ("In 10 minutes",
// "Now"), one calm button. The server sends {"type":"reminder","reminder":{…}} over the live connection to the
// person's own screens only (their device, child mode, their own sign-in), and may send one again after it restarts:
// each is shown once. With the person's settings, a soft sound plays and the title is read aloud in their language.
// A planner chosen for an activity that asks to be confirmed hears {"type":"escalation",…} when it is not marked done
// in time: a calm line at the top of the page.
import { h } from './dom.js';
import { t, formatClock } from './i18n.js';
import { subscribe, connect } from './realtime.js';
import { pictureSrc } from './plan-model.js';
import { pictureCredit } from './picker.js';

const SEEN_KEY = 'mobilize.remindersSeen';
const KEEP = 200;
const waiting = [];
let listening = false;
let open = null;

function seen() {
  try {
    return JSON.parse(sessionStorage.getItem(SEEN_KEY) || '[]');
  } catch {
    return [];
  }
}

/** Answers false when this reminder was shown already (and remembers it). */
function firstTime(id) {
  const ids = seen();
  if (ids.includes(id)) return false;
  try {
    sessionStorage.setItem(SEEN_KEY, JSON.stringify([...ids, id].slice(-KEEP)));
  } catch {
    // Private mode without storage: shown once per page load all the same.
  }
  return true;
}

/** When, in words: in a few minutes, now, or under way (a reminder that waited for the screen). */
export function whenText(reminder, now = Date.now()) {
  const minutes = Math.round((new Date(reminder.startsAt).getTime() - now) / 60000);
  if (minutes >= 1) return t(`reminder.inMinutes.${minutes === 1 ? 'one' : 'other'}`, { n: minutes });
  if (minutes <= -1) return t('reminder.started');
  return t('reminder.now');
}

/** Two soft notes, quiet and short. Browsers may refuse sound before the page was touched: then it is silent. */
function chime() {
  try {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    const audio = new Context();
    [523.25, 659.25].forEach((frequency, i) => {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      const start = audio.currentTime + i * 0.35;
      tone.type = 'sine';
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.08, start + 0.05);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.6);
      tone.connect(gain).connect(audio.destination);
      tone.start(start);
      tone.stop(start + 0.65);
    });
    setTimeout(() => audio.close().catch(() => {}), 1500);
  } catch {
    // No sound here.
  }
}

function speak(reminder, when) {
  try {
    if (!('speechSynthesis' in window)) return;
    const words = new SpeechSynthesisUtterance(`${when}: ${reminder.title}`);
    words.lang = reminder.language === 'da' ? 'da-DK' : 'en-GB';
    words.rate = 0.9;
    window.speechSynthesis.speak(words);
  } catch {
    // No voice here.
  }
}

function close() {
  const shown = open;
  open = null;
  shown?.overlay.remove();
  document.body.classList.remove('has-reminder');
  if (waiting.length) show(waiting.shift());
  else shown?.before?.focus?.();
}

function show(reminder) {
  if (open) {
    waiting.push(reminder);
    return;
  }
  const when = whenText(reminder);
  const src = pictureSrc(reminder, 'display');
  const ok = h('button', { type: 'button', class: 'button primary reminder-ok', id: 'reminder-ok', onClick: close }, t('reminder.ok'));
  const overlay = h('div', {
    class: 'reminder-overlay', id: 'reminder', role: 'alertdialog', 'aria-modal': 'true',
    'aria-labelledby': 'reminder-title', 'aria-describedby': 'reminder-when', dataset: { reminderId: reminder.id },
  },
  h('div', { class: 'reminder-card' },
    h('p', { class: 'reminder-label' }, t('reminder.label')),
    src ? h('img', { src, alt: '', class: 'reminder-picture', id: 'reminder-picture', decoding: 'async' }) : null,
    src ? pictureCredit(reminder, 'reminder-credit') : null,
    h('h2', { class: 'reminder-title', id: 'reminder-title' }, reminder.title),
    h('p', { class: 'reminder-when', id: 'reminder-when' },
      when, reminder.minutesBefore > 0 ? ` · ${formatClock(reminder.occurrenceStart)}` : ''),
    ok));
  overlay.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close();
    // The one button keeps the focus inside.
    if (event.key === 'Tab') {
      event.preventDefault();
      ok.focus();
    }
  });
  open = { overlay, before: document.activeElement };
  document.body.append(overlay);
  document.body.classList.add('has-reminder');
  ok.focus();
  if (reminder.sound) chime();
  if (reminder.speech) speak(reminder, when);
}

/**
 * To a planner: an occurrence someone in their circle was to mark done is not marked yet. A calm line at the top of
 * whatever page is open (not a dialog: nothing is urgent enough to take the screen), with the way to the plan, until
 * dismissed.
 */
function showEscalation(escalation) {
  let list = document.getElementById('escalations');
  if (!list) {
    list = h('div', { class: 'escalations', id: 'escalations', role: 'status', 'aria-live': 'polite' });
    document.body.prepend(list);
  }
  const src = pictureSrc(escalation, 'thumb');
  const item = h('div', { class: 'escalation', dataset: { escalationId: escalation.id } });
  const dismiss = () => {
    item.remove();
    if (!list.children.length) list.remove();
  };
  const day = escalation.occurrenceStart.slice(0, 10);
  item.append(
    src ? h('img', { src, alt: '', class: 'escalation-picture', decoding: 'async' }) : null,
    h('div', { class: 'escalation-text' },
      h('p', { class: 'escalation-label' }, t('escalation.label')),
      h('p', { class: 'escalation-message' }, escalation.message)),
    h('div', { class: 'actions' },
      h('a', { class: 'button primary', href: `#/users/${escalation.userId}/plan?day=${day}`, onClick: dismiss }, t('escalation.open')),
      h('button', { type: 'button', class: 'button', onClick: dismiss }, t('escalation.ok'))));
  list.append(item);
}

/** Listen for reminders on the live connection (once per page; safe to call on every render). */
export function watchReminders() {
  if (!listening) {
    listening = true;
    subscribe((message) => {
      if (message.type === 'reminder' && message.reminder?.id) {
        if (firstTime(message.reminder.id)) show(message.reminder);
      } else if (message.type === 'escalation' && message.escalation?.id) {
        if (firstTime(`escalation:${message.escalation.id}`)) showEscalation(message.escalation);
      }
    });
  }
  connect();
}
