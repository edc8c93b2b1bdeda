// A user's paired devices (revoke) and pairing a new device with a code and a QR code.
import { h, importSvg } from '../../dom.js';
import { t, formatDateTime, formatTime } from '../../i18n.js';
import { getAll, post, del, seg } from '../../api.js';
import { showStatus, errorText } from '../../forms.js';
import { list, actionButton, loadingCard, button } from '../../ui.js';

const POLL_MS = 4000;

/** A paired device or a planner's own device in child mode: who opened it, when, and its last use. */
function deviceItem(userId, device, status, reload) {
  const childMode = device.kind === 'childMode';
  const opener = device.openedBy?.name;
  const title = childMode
    ? t('devices.childModeTitle', { name: opener || t('devices.unnamed') })
    : device.deviceName || device.platform || t('devices.unnamed');
  const opened = opener
    ? t(childMode ? 'devices.handedOverBy' : 'devices.pairedBy', { name: opener, date: formatDateTime(device.openedAt) })
    : null;
  const meta = [device.platform, device.browser, opened, t('devices.lastSeen', { date: formatDateTime(device.lastSeenAt) })].filter(Boolean);
  return h('li', { class: 'row', dataset: { sessionId: device.id, kind: device.kind } },
    h('div', { class: 'row-text' }, h('span', { class: 'row-title' }, title), h('span', { class: 'row-meta' }, meta.join(' · '))),
    h('div', { class: 'row-actions' }, actionButton(t(childMode ? 'devices.endChildMode' : 'devices.revoke'), {
      confirmText: t('common.confirm'), status,
      props: { id: `device-revoke-${device.id}`, class: 'button subtle' },
      action: async () => { await del(`/users/${seg(userId)}/devices/${seg(device.id)}`); await reload(); },
    })));
}

function pairingPanel(user, code, { onClose, countDevices }) {
  const expiry = h('p', { id: 'pairing-expiry', class: 'hint' }, t('pairing.expires', { time: formatTime(code.expiresAt) }));
  const qr = h('div', { id: 'pairing-qr', class: 'qr' });
  const svg = importSvg(code.qrSvg);
  if (svg) qr.append(svg);
  const pairUrl = `${location.origin}/#/pair`;
  const panel = h('div', { id: 'pairing-panel', class: 'pairing', role: 'region', 'aria-label': t('pairing.title') },
    h('p', {}, t('pairing.instructions', { name: user.name, url: pairUrl })),
    h('p', { id: 'pairing-code', class: 'pairing-code', tabindex: '-1' }, code.code),
    svg ? h('p', { class: 'hint' }, t('pairing.scan')) : null,
    qr,
    expiry,
    button(t('pairing.done'), { id: 'pairing-done', class: 'button', onClick: () => onClose(false) }));

  const ms = new Date(code.expiresAt).getTime() - Date.now();
  const expire = () => {
    if (!panel.isConnected) return;
    qr.replaceChildren();
    panel.querySelector('#pairing-code')?.classList.add('expired');
    expiry.textContent = t('pairing.expired');
  };
  if (Number.isFinite(ms)) setTimeout(expire, Math.max(0, ms));

  // Notice calmly when the device has connected, so the planner does not need to refresh.
  countDevices().then((before) => {
    const poll = async () => {
      if (!panel.isConnected) return;
      try {
        if ((await countDevices()) > before) return onClose(true);
      } catch {
        // Try again on the next round.
      }
      if (Date.now() < new Date(code.expiresAt).getTime()) setTimeout(poll, POLL_MS);
      return undefined;
    };
    setTimeout(poll, POLL_MS);
  }, () => {});
  return panel;
}

export function devicesCard({ user }) {
  const path = `/users/${seg(user.id)}/devices`;
  const devices = () => getAll(path);
  const paired = async () => (await devices()).filter((d) => d.kind === 'paired').length;
  const box = loadingCard(t('devices.title'), async (reload, status) => list(await devices(),
    (d) => deviceItem(user.id, d, status, reload), { id: 'devices', className: 'rows', emptyText: t('devices.none') }));
  const pairArea = h('div', { class: 'pair-area' });

  const start = button(t('pairing.start'), { id: 'pair-device', class: 'button primary' });
  const idle = [h('p', { class: 'hint' }, t('pairing.lead', { name: user.name })), start];
  const close = async (connected) => {
    pairArea.replaceChildren(...idle);
    start.focus();
    showStatus(box.status, connected ? t('pairing.connected', { name: user.name }) : '', connected ? 'success' : 'info');
    await box.reload();
  };
  start.addEventListener('click', async () => {
    start.disabled = true;
    try {
      const code = await post(`/users/${seg(user.id)}/pairing-codes`);
      showStatus(box.status, '');
      const panel = pairingPanel(user, code, { onClose: close, countDevices: paired });
      pairArea.replaceChildren(panel);
      panel.querySelector('#pairing-code').focus();
    } catch (error) {
      showStatus(box.status, errorText(error), 'error');
    } finally {
      start.disabled = false;
    }
  });
  pairArea.append(...idle);
  box.section.append(pairArea);
  return box.section;
}
