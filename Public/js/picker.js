// The picture picker, used wherever a picture is chosen: a pictogram from the archive (searched in the
// UI language), one of the person's own photos, with upload from the camera or a file, or, when the server searches
// open picture services and the person has allowed it, a picture from the Internet (through the server alone).
import { h, clear } from './dom.js';
import { t, getLocale } from './i18n.js';
import { get, getAll, seg, post, patch } from './api.js';
import { session } from './state.js';
import { errorText, statusLine, showStatus } from './forms.js';
import { button } from './ui.js';
import { uploadGuarded } from './picture-guard.js';

export const ACCEPTED = 'image/jpeg,image/png,image/webp,image/heic,image/heif,image/gif';
const MAX_BYTES = 20 * 1024 * 1024;

/** A square button showing a picture (and its name, for pictograms). */
export function pictureTile({ src, name, id, onClick }) {
  return h('button', { type: 'button', class: 'picture-tile', id, onClick, title: name || undefined },
    h('img', { src, alt: name || t('picker.photo'), loading: 'lazy', decoding: 'async' }),
    name ? h('span', { class: 'picture-name' }, name) : null);
}

export const thumbUrl = (picture) => `/api/v1/pictures/${seg(picture.id)}?size=thumb`;

/** "Take a photo" and "Choose a file": upload to the person's photos, then `onUploaded(picture)`. */
export function uploadButtons({ user, status, onUploaded, idPrefix }) {
  const make = (suffix, labelKey, capture) => {
    const id = `${idPrefix}-${suffix}`;
    const input = h('input', { type: 'file', id, accept: ACCEPTED, class: 'visually-hidden', capture });
    input.addEventListener('change', async () => {
      const file = input.files?.[0];
      input.value = '';
      if (!file) return;
      if (file.size > MAX_BYTES) {
        showStatus(status, t('picker.tooLarge'), 'error');
        return;
      }
      showStatus(status, t('picker.uploading'), 'info');
      try {
        const picture = await uploadGuarded(`/users/${seg(user.id)}/pictures`, file);
        if (!picture) return showStatus(status, t('guard.cancelled'), 'info');
        showStatus(status, t('picker.uploaded'), 'success');
        onUploaded(picture);
      } catch (error) {
        showStatus(status, errorText(error), 'error');
      }
    });
    return h('label', { class: 'button upload-button', for: id }, t(labelKey), input);
  };
  return h('div', { class: 'actions' },
    make('camera', 'picker.takePhoto', 'environment'), make('file', 'picker.chooseFile'));
}

/** The credit OpenMoji's licence asks for, next to its pictograms. */
export function attribution() {
  return h('p', { class: 'hint picker-attribution' }, t('footer.pictograms'), ' ',
    t('footer.openMoji'), ' · ',
    h('a', { href: '/licenses/openmoji-cc-by-sa-4.0.txt', target: '_blank' }, 'CC BY-SA 4.0'));
}

function pictogramPanel(user, choose) {
  const input = h('input', {
    type: 'search', id: 'picker-search', class: 'input', autocomplete: 'off',
    placeholder: t('picker.searchHint'), 'aria-label': t('picker.search'),
  });
  const grid = h('div', { class: 'picture-grid', id: 'picker-pictograms' });
  const status = statusLine();
  let latest = 0;
  let timer = null;
  // The grid says which words it shows and is busy while newer words are on their way, so a
  // screen reader (and a test) never takes a tile from an answer that is about to be replaced.
  async function search() {
    const mine = ++latest;
    const words = input.value.trim();
    const q = encodeURIComponent(words);
    grid.setAttribute('aria-busy', 'true');
    try {
      const page = await get(`/pictograms?q=${q}&lang=${getLocale()}&userId=${seg(user.id)}&limit=48`);
      if (mine !== latest) return;
      clear(grid);
      grid.append(...page.items.map((item) => pictureTile({
        src: item.image, name: item.name, id: `picker-pictogram-${item.code || item.id}`,
        onClick: () => choose({ kind: 'pictogram', id: item.id, image: item.image, name: item.name }),
      })));
      grid.dataset.words = words;
      grid.setAttribute('aria-busy', 'false');
      showStatus(status, page.items.length ? '' : t('picker.noMatch'), 'info');
    } catch (error) {
      if (mine !== latest) return;
      grid.setAttribute('aria-busy', 'false');
      showStatus(status, errorText(error), 'error');
    }
  }
  input.addEventListener('input', () => {
    grid.setAttribute('aria-busy', 'true');
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
  search();
  return { panel: h('div', { class: 'stack' }, input, status, grid, attribution()), focus: input };
}

function photosPanel(user, choose, canUpload) {
  const grid = h('div', { class: 'picture-grid', id: 'picker-photos' });
  const status = statusLine();
  const tile = (picture) => pictureTile({
    src: thumbUrl(picture), id: `picker-photo-${picture.id}`,
    onClick: () => choose({ kind: 'picture', id: picture.id, image: thumbUrl(picture) }),
  });
  getAll(`/users/${seg(user.id)}/pictures`).then((pictures) => {
    clear(grid); // an upload may have come first: the list has it too
    grid.append(...pictures.reverse().map(tile));
    if (!pictures.length) showStatus(status, t('picker.noPhotos'), 'info');
  }, (error) => showStatus(status, errorText(error), 'error'));
  const buttons = canUpload
    ? uploadButtons({ user, status, idPrefix: 'picker-upload', onUploaded: (picture) => grid.prepend(tile(picture)) })
    : null;
  return { panel: h('div', { class: 'stack' }, buttons, status, grid), focus: null };
}

/** A credit line for a picture from the Internet: title, creator and licence, with links to their pages. */
export function creditLine(attribution, id) {
  if (!attribution) return null;
  const licence = attribution.licenceUrl
    ? h('a', { href: attribution.licenceUrl, target: '_blank', rel: 'noopener' }, attribution.licence)
    : attribution.licence;
  const title = attribution.sourceUrl
    ? h('a', { href: attribution.sourceUrl, target: '_blank', rel: 'noopener' }, attribution.title || t('picker.internet.source'))
    : attribution.title;
  return h('p', { class: 'hint picture-credit', id },
    title, attribution.creator ? [' · ', t('picker.internet.by', { creator: attribution.creator })] : null, ' · ', licence);
}

const credits = new Map();

/** The credit line of an activity's picture when it came from the Internet, filled in when it is known. */
export function pictureCredit(item, id) {
  const line = h('div', { class: 'picture-credit-slot', id });
  if (!item?.pictureId) return line;
  if (!credits.has(item.pictureId)) credits.set(item.pictureId, get(`/pictures/${seg(item.pictureId)}/info`).catch(() => null));
  credits.get(item.pictureId).then((picture) => {
    const credit = creditLine(picture?.attribution);
    if (credit) line.append(credit);
  });
  return line;
}

function internetPanel(user, choose, searchStatus) {
  const panel = h('div', { class: 'stack', id: 'picker-internet' });
  const status = statusLine();
  const allow = () => {
    const button = h('button', { type: 'button', class: 'button primary', id: 'picker-internet-allow' }, t('picker.internet.allow'));
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await patch(`/users/${seg(session.me.id)}/processing`, { pictureSearch: true });
        searchStatus.consented = true;
        draw();
      } catch (error) {
        button.disabled = false;
        showStatus(status, errorText(error), 'error');
      }
    });
    return [h('p', {}, t('picker.internet.consentLead')), h('p', { class: 'hint' }, t('picker.internet.consentHint')),
      h('div', { class: 'actions' }, button), status];
  };
  const search = () => {
    const input = h('input', {
      type: 'search', id: 'picker-internet-search', class: 'input', autocomplete: 'off', maxlength: 100,
      placeholder: t('picker.internet.hint'), 'aria-label': t('picker.internet.search'),
    });
    const grid = h('div', { class: 'picture-grid', id: 'picker-internet-results', 'aria-live': 'polite' });
    const form = h('form', { class: 'inline-form', role: 'search' }, input,
      h('button', { type: 'submit', class: 'button', id: 'picker-internet-go' }, t('picker.internet.go')));
    let latest = 0;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const words = input.value.trim();
      if (words.length < 2) {
        showStatus(status, t('picker.internet.tooShort'), 'info');
        return;
      }
      const mine = ++latest;
      grid.setAttribute('aria-busy', 'true');
      showStatus(status, t('picker.internet.searching'), 'info');
      try {
        const page = await get(`/picture-search?q=${encodeURIComponent(words)}&lang=${getLocale()}`);
        if (mine !== latest) return;
        clear(grid);
        grid.append(...page.items.map((item) => {
          const tile = pictureTile({
            src: item.thumbnail, name: item.title, id: `picker-internet-${item.provider}-${item.id}`,
            onClick: async () => {
              tile.disabled = true;
              showStatus(status, t('picker.internet.fetching'), 'info');
              try {
                const picture = await post(`/users/${seg(user.id)}/pictures/from-search`, { provider: item.provider, id: item.id });
                choose({ kind: 'picture', id: picture.id, image: thumbUrl(picture), name: item.title });
              } catch (error) {
                tile.disabled = false;
                showStatus(status, errorText(error), 'error');
              }
            },
          });
          tile.append(h('span', { class: 'picture-licence' }, [item.creator, item.licence].filter(Boolean).join(' · ')));
          return tile;
        }));
        grid.dataset.words = words;
        const missing = page.unavailable.length ? t('picker.internet.partly') : '';
        showStatus(status, page.items.length ? missing : t('picker.internet.none'), 'info');
      } catch (error) {
        if (mine === latest) showStatus(status, errorText(error), 'error');
      } finally {
        if (mine === latest) grid.setAttribute('aria-busy', 'false');
      }
    });
    return { nodes: [form, status, grid,
      h('p', { class: 'hint picker-attribution' }, t('picker.internet.about'), ' Openverse · Wikimedia Commons')], focus: input };
  };
  const result = { panel, focus: null };
  function draw() {
    clear(panel);
    if (searchStatus.consented) {
      const { nodes, focus } = search();
      panel.append(...nodes);
      result.focus = focus;
      focus.focus();
    } else {
      panel.append(...allow());
    }
  }
  draw();
  return result;
}

/**
 * Opens the picker for `user` (whose own pictogram names it shows). Resolves with
 * { kind: 'pictogram' | 'picture', id, image, name? }, or null when closed without a choice.
 */
export function pickPicture({ user, canUpload = true, pictogramsOnly = false }) {
  // One picker at a time: a second press while one is open replaces it.
  document.getElementById('picker')?.close();
  return new Promise((resolve) => {
    let result = null;
    const dialog = h('dialog', { class: 'picker', id: 'picker', 'aria-labelledby': 'picker-title' });
    const choose = (choice) => {
      result = choice;
      dialog.close();
    };
    // Going to another page closes it, as every dialog: it belongs to the page it was opened on.
    const leave = () => dialog.close();
    window.addEventListener('hashchange', leave);
    dialog.addEventListener('close', () => {
      window.removeEventListener('hashchange', leave);
      dialog.remove();
      resolve(result);
    });
    document.getElementById('picker')?.remove();
    const panels = { pictograms: pictogramPanel(user, choose) };
    if (!pictogramsOnly) panels.photos = photosPanel(user, choose, canUpload);
    const tabs = {};
    const tablist = h('div', { class: 'tabs', role: 'tablist' });
    const show = (name) => {
      for (const [key, { panel }] of Object.entries(panels)) {
        panel.hidden = key !== name;
        tabs[key].setAttribute('aria-selected', String(key === name));
      }
      panels[name].focus?.focus();
    };
    const addTab = (key) => {
      tabs[key] = h('button', {
        type: 'button', role: 'tab', id: `picker-tab-${key}`, class: 'tab', onClick: () => show(key),
      }, t(`picker.${key}`));
      panels[key].panel.setAttribute('role', 'tabpanel');
      panels[key].panel.setAttribute('aria-labelledby', `picker-tab-${key}`);
      tablist.append(tabs[key]);
    };
    for (const key of Object.keys(panels)) addTab(key);
    dialog.append(
      h('div', { class: 'picker-head' },
        h('h2', { id: 'picker-title' }, t('picker.title')),
        button(t('picker.close'), { id: 'picker-close', onClick: () => dialog.close() })),
      tablist,
      ...Object.values(panels).map((p) => p.panel));
    document.body.append(dialog);
    dialog.showModal();
    show('pictograms');
    // The Internet, when this server searches it and the person may choose photos.
    if (!pictogramsOnly && canUpload && session.me && !session.device) {
      get('/picture-search/status').then((searchStatus) => {
        if (!searchStatus.enabled || !dialog.open) return;
        panels.internet = internetPanel(user, choose, searchStatus);
        panels.internet.panel.hidden = true;
        dialog.append(panels.internet.panel);
        addTab('internet');
      }, () => {});
    }
  });
}
