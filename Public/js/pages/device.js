// #/device — the calm screen a paired device shows: hello, you are connected.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { session } from '../state.js';
import { pageTitle, appLabel } from '../ui.js';

export default async function device(ctx) {
  const me = session.me;
  ctx.title = t('device.title');
  return h('div', { class: 'page narrow device-page' },
    h('div', { class: 'device-hello' },
      h('span', { class: 'device-sun', 'aria-hidden': 'true' }),
      pageTitle(t('device.hello', { name: me.name }), 'device-hello'),
      h('p', { class: 'lead', id: 'device-connected' }, t('device.connected', { app: appLabel(me.app) })),
      h('p', {}, t('device.soon'))));
}
