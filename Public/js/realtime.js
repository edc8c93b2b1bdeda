// Live updates: one WebSocket per page load (GET /api/v1/realtime), shared by every subscriber.
// The server says {"type":"hello"} on connect (read anew what is shown: something may have changed meanwhile),
// {"type":"plan","userId":…} when that user's plan changed and {"type":"resync"} when news may have been missed.
// A lost connection is retried quietly (1 s, 2 s, 4 s … 30 s), so nothing shows while the server or the network is
// away; the hello on coming back makes every subscriber read anew, so no change is lost.

const MAX_DELAY_MS = 30000;
// The server closes a socket with 4001 when its session ended (signed out elsewhere, revoked, or the right that opened
// it ended): then there is nothing to reconnect to, and the app shows the signed-out view.
const SESSION_ENDED = 4001;
const listeners = new Set();
let endedHandler = null;
let socket = null;
let wanted = false;
let attempts = 0;
let timer = null;

function address() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/v1/realtime`;
}

function receive(data) {
  let message;
  try {
    message = JSON.parse(data);
  } catch {
    return;
  }
  if (!message || typeof message.type !== 'string') return;
  if (message.type === 'hello') attempts = 0;
  for (const fn of [...listeners]) {
    try {
      fn(message);
    } catch (error) {
      console.warn('realtime listener', error);
    }
  }
}

function retryLater() {
  if (!wanted || timer) return;
  const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** attempts);
  attempts += 1;
  timer = setTimeout(() => {
    timer = null;
    open();
  }, delay);
}

function open() {
  if (!wanted || socket || typeof WebSocket !== 'function') return;
  let ws;
  try {
    ws = new WebSocket(address());
  } catch {
    retryLater();
    return;
  }
  socket = ws;
  ws.addEventListener('message', (event) => {
    if (socket === ws && typeof event.data === 'string') receive(event.data);
  });
  // A failed handshake fires `error` and then `close`; only `close` needs an answer.
  ws.addEventListener('error', () => {});
  ws.addEventListener('close', (event) => {
    if (socket !== ws) return;
    socket = null;
    if (event.code === SESSION_ENDED) {
      wanted = false;
      endedHandler?.();
      return;
    }
    retryLater();
  });
}

/** Open the shared connection (again) if it is not open. Safe to call often. */
export function connect() {
  wanted = true;
  if (!socket && !timer) open();
}

/** Close the connection (on sign-out, or when another person signs in here). */
export function disconnect() {
  wanted = false;
  clearTimeout(timer);
  timer = null;
  attempts = 0;
  const ws = socket;
  socket = null;
  if (ws && ws.readyState < 2) ws.close(1000);
}

/** Call `fn()` when the server ends this session's socket because the session itself ended. */
export function onSessionEnded(fn) {
  endedHandler = fn;
}

/**
 * Send a frame to the server (e.g. chat's catchUp and typing). Answers false when the socket is not open: a caller
 * that needs it sends again on the next hello, which every subscriber receives after a reconnect.
 */
export function send(message) {
  if (!socket || socket.readyState !== 1) return false;
  socket.send(JSON.stringify(message));
  return true;
}

/** Whether the socket is open now. */
export const isOpen = () => Boolean(socket && socket.readyState === 1);

/** Call `fn(message)` for every message from the server; connects if needed. Returns the unsubscribe function. */
export function subscribe(fn) {
  listeners.add(fn);
  connect();
  return () => listeners.delete(fn);
}

/** Open at once instead of waiting for the next retry. */
function reopenNow() {
  if (!wanted || socket) return;
  clearTimeout(timer);
  timer = null;
  attempts = 0;
  open();
}

// A phone that sleeps freezes the page and its socket dies unseen: close it, and open it anew when the page resumes
// (the hello makes every subscriber catch up on what came meanwhile).
document.addEventListener('freeze', () => {
  const ws = socket;
  socket = null;
  if (ws && ws.readyState < 2) ws.close(1000);
});
document.addEventListener('resume', reopenNow);
// Back online.
window.addEventListener('online', reopenNow);
