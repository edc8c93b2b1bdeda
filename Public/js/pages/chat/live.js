// One conversation kept complete on screen. The newest page comes over HTTP; the realtime socket then sends every
// message after the last number held (`catchUp`, again after each reconnect, e.g. when a phone wakes), in order and
// once, plus edits, deletes, read receipts and typing. A message is sent with a key of its own: when the network was
// away it is sent again with the same key on the next hello, and the server answers the first one, never a duplicate.
import { get, post, put, patch, del, seg, ApiError } from '../../api.js';
import { uploadGuarded } from '../../picture-guard.js';
import { subscribe, send, isOpen } from '../../realtime.js';

const PAGE = 50;
const TYPING_MS = 5000;

const sameId = (a, b) => String(a || '').toLowerCase() === String(b || '').toLowerCase();

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/**
 * Opens conversation `id` for the signed-in person `meId`. `onChange(state)` is called after every change; `alive()`
 * says whether the page is still shown (the socket listener ends with it). Returns the controller.
 */
export async function openConversation(id, { meId, alive, onChange }) {
  const [conversation, newest] = await Promise.all([
    get(`/conversations/${seg(id)}`),
    get(`/conversations/${seg(id)}/messages?limit=${PAGE}`),
  ]);
  const state = {
    conversation,
    /** Messages by number, shown in order. */
    bySeq: new Map(newest.items.map((m) => [m.seq, m])),
    /** Older messages exist before the first shown. */
    older: newest.next != null,
    /** Messages written here and not yet answered by the server: { clientKey, text, pictures, failed, problem }. */
    pending: [],
    /** Who is typing now: user id -> timer. */
    typing: new Map(),
    /** The conversation can no longer be read (e.g. the planner was removed from the circle). */
    closed: false,
    error: null,
  };
  let readSent = conversation.lastReadSeq;
  let readTimer = null;

  const lastSeq = () => Math.max(0, conversation.firstVisibleSeq - 1, ...state.bySeq.keys());
  const changed = () => {
    if (alive()) onChange(state);
  };

  function add(message) {
    if (!sameId(message.conversationId, id)) return;
    state.bySeq.set(message.seq, message);
    if (message.clientKey) state.pending = state.pending.filter((p) => p.clientKey !== message.clientKey);
    if (message.seq > conversation.lastSeq) conversation.lastSeq = message.seq;
    if (message.senderId) stopTyping(message.senderId);
  }

  function stopTyping(userId) {
    const key = String(userId).toLowerCase();
    clearTimeout(state.typing.get(key));
    state.typing.delete(key);
  }

  const catchUp = () => send({ type: 'catchUp', conversations: { [id]: lastSeq() } });

  /** Tell the server how far this person has read, once the thread is on screen and the page is visible. */
  function markRead() {
    clearTimeout(readTimer);
    readTimer = setTimeout(async () => {
      const seq = lastSeq();
      if (!alive() || state.closed || document.visibilityState !== 'visible' || seq <= readSent) return;
      readSent = seq;
      try {
        const receipt = await put(`/conversations/${seg(id)}/read`, { seq });
        conversation.lastReadSeq = receipt.lastReadSeq;
        conversation.unreadCount = receipt.unreadCount;
      } catch {
        readSent = conversation.lastReadSeq; // tried again with the next message or the next visit
      }
    }, 300);
  }

  async function deliver(item) {
    item.failed = false;
    item.problem = null;
    try {
      const message = await post(`/conversations/${seg(id)}/messages`, {
        clientKey: item.clientKey,
        text: item.text || undefined,
        pictureIds: item.pictures.length ? item.pictures.map((p) => p.id) : undefined,
      });
      add(message);
      markRead();
    } catch (error) {
      // Without a network (or a server) it waits and goes again with the same key: never twice.
      if (error instanceof ApiError && error.status !== 0 && error.status < 500 && error.status !== 429) {
        state.pending = state.pending.filter((p) => p !== item);
        state.error = error;
      } else {
        item.failed = true;
        item.problem = error;
      }
    }
    changed();
  }

  function retryPending() {
    for (const item of state.pending) if (item.failed) deliver(item);
  }

  const unsubscribe = subscribe((frame) => {
    if (!alive()) {
      unsubscribe();
      document.removeEventListener('visibilitychange', onVisible);
      return;
    }
    switch (frame.type) {
      case 'hello':
        if (!state.closed) catchUp();
        retryPending();
        return;
      case 'message':
      case 'messageChanged':
        if (!sameId(frame.message?.conversationId, id)) return;
        add(frame.message);
        markRead();
        break;
      case 'conversation':
        // News in a conversation this socket had not caught up on (the server forgot it): ask again.
        if (sameId(frame.conversationId, id) && !state.closed) catchUp();
        return;
      case 'read': {
        if (!sameId(frame.conversationId, id)) return;
        const member = conversation.members.find((m) => sameId(m.id, frame.userId));
        if (member && frame.seq > member.lastReadSeq) member.lastReadSeq = frame.seq;
        break;
      }
      case 'typing': {
        if (!sameId(frame.conversationId, id) || sameId(frame.userId, meId)) return;
        const key = String(frame.userId).toLowerCase();
        clearTimeout(state.typing.get(key));
        state.typing.set(key, setTimeout(() => {
          state.typing.delete(key);
          changed();
        }, TYPING_MS));
        break;
      }
      case 'error':
        if (!sameId(frame.conversationId, id)) return;
        state.closed = true;
        break;
      default:
        return;
    }
    changed();
  });
  const onVisible = () => markRead();
  document.addEventListener('visibilitychange', onVisible);
  if (isOpen()) catchUp();
  markRead();

  let lastTyping = 0;
  return {
    state,
    /** The messages and the pending ones, in the order they are shown. */
    items() {
      return [...state.bySeq.values()].sort((a, b) => a.seq - b.seq);
    },
    /** Sends text and pictures (already added to the conversation); shown at once as "sending". */
    sendMessage(text, pictures = []) {
      const item = { clientKey: newKey(), text: text.trim(), pictures, failed: false, problem: null };
      state.error = null;
      state.pending.push(item);
      changed();
      return deliver(item);
    },
    /** A picture for a message to come: stored for the conversation's members alone. */
    addPicture(file) {
      return uploadGuarded(`/conversations/${seg(id)}/pictures`, file);
    },
    async loadOlder() {
      const first = Math.min(...state.bySeq.keys());
      const page = await get(`/conversations/${seg(id)}/messages?before=${first}&limit=${PAGE}`);
      for (const message of page.items) state.bySeq.set(message.seq, message);
      state.older = page.next != null;
      changed();
    },
    async edit(message, text) {
      add(await patch(`/conversations/${seg(id)}/messages/${seg(message.id)}`, { text }));
      changed();
    },
    async remove(message) {
      await del(`/conversations/${seg(id)}/messages/${seg(message.id)}`);
      state.bySeq.set(message.seq, { ...message, text: null, pictures: [], deleted: true });
      changed();
    },
    /** At most one typing signal in two seconds (the server drops the rest anyway). */
    typing() {
      const now = Date.now();
      if (now - lastTyping < 2000) return;
      lastTyping = now;
      send({ type: 'typing', conversationId: id });
    },
    /** Whether any other member has read message `seq` ("read"), for the sender's ticks. */
    readByOthers(seq) {
      return conversation.members.some((m) => !sameId(m.id, meId) && m.lastReadSeq >= seq);
    },
    memberName(userId) {
      return conversation.members.find((m) => sameId(m.id, userId))?.name || '';
    },
  };
}

/**
 * The conversations of a circle, with unread counts kept current: news in any of them (a "conversation" nudge, a
 * message, a receipt) reads the list anew. `onChange(items)` after each read. Returns the reload function.
 */
export function watchConversations(userId, { alive, onChange }) {
  let timer = null;
  const load = async () => {
    try {
      const page = await get(`/users/${seg(userId)}/conversations`);
      if (alive()) onChange(page.items);
    } catch {
      // Shown again on the next news or visit.
    }
  };
  const unsubscribe = subscribe((frame) => {
    if (!alive()) {
      clearTimeout(timer);
      unsubscribe();
      return;
    }
    // An empty catch-up asks the server to tell this socket about news in every conversation of its person.
    if (frame.type === 'hello') send({ type: 'catchUp', conversations: {} });
    if (!['hello', 'conversation', 'message', 'read', 'resync'].includes(frame.type)) return;
    clearTimeout(timer);
    timer = setTimeout(load, 250);
  });
  if (isOpen()) send({ type: 'catchUp', conversations: {} });
  load();
  return load;
}

export { sameId };
