// The web app's service worker: a due reminder that comes by Web Push while no page of the app is in front (a phone
// asleep, the app in the background) is shown as a notification, one per reminder (its id is the tag, so a repeat
// replaces it); so is a planner's message that something was not marked as done in time. A page in front shows the reminder itself, from the live connection. Tapping the notification opens
// the app. The message is encrypted for this browser; only it reads the title.
const WORDS = {
  da: { now: 'Nu', started: 'Er i gang', one: 'Om 1 minut', other: (n) => `Om ${n} minutter`, notDone: 'Ikke markeret som gjort' },
  en: { now: 'Now', started: 'Under way', one: 'In 1 minute', other: (n) => `In ${n} minutes`, notDone: 'Not marked as done' },
};

function when(reminder) {
  const words = WORDS[reminder.language] || WORDS.en;
  const minutes = Math.round((new Date(reminder.startsAt).getTime() - Date.now()) / 60000);
  if (minutes > 1) return words.other(minutes);
  if (minutes === 1) return words.one;
  return minutes <= -1 ? words.started : words.now;
}

self.addEventListener('push', (event) => {
  let message = null;
  try {
    message = event.data ? event.data.json() : null;
  } catch {
    return;
  }
  // To a planner: something chosen for them is not marked as done; the sentence comes in their language.
  const escalation = message && message.type === 'escalation' ? message.escalation : null;
  if (escalation && escalation.id) {
    event.waitUntil((async () => {
      const pages = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      if (pages.some((page) => page.visibilityState === 'visible')) return;
      await self.registration.showNotification((WORDS[escalation.language] || WORDS.en).notDone, {
        body: escalation.message,
        tag: `escalation:${escalation.id}`,
        lang: escalation.language,
        icon: '/favicon.svg',
        data: { url: `/#/users/${escalation.userId}/plan?day=${String(escalation.occurrenceStart).slice(0, 10)}` },
      });
    })());
    return;
  }
  const reminder = message && message.type === 'reminder' ? message.reminder : null;
  if (!reminder || !reminder.id) return;
  event.waitUntil((async () => {
    const pages = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    if (pages.some((page) => page.visibilityState === 'visible')) return;
    await self.registration.showNotification(reminder.title, {
      body: when(reminder),
      tag: reminder.id,
      lang: reminder.language,
      icon: '/favicon.svg',
      silent: !reminder.sound,
      data: { url: '/' },
    });
  })());
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil((async () => {
    const pages = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    const open = pages.find((page) => 'focus' in page);
    if (open) return open.focus();
    return self.clients.openWindow(event.notification.data?.url || '/');
  })());
});
