// Stars and rewards, off for a person until a planner switches them on. Planners set up rewards and what each
// costs, and answer the person's wishes; the person (a young person on their phone, a child on their screen) sees
// the stars, the reward they are working towards, and wishes for one when the stars are there. Stars only ever come:
// a wish puts them aside, a "not now" gives them back.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { get, post, patch, put, del, seg } from '../../api.js';
import { errorText, showStatus, statusLine, field } from '../../forms.js';
import { button } from '../../ui.js';
import { openDialog } from '../../dialog.js';
import { pickPicture } from '../../picker.js';
import { pictureSrc } from '../../plan-model.js';
import { switchField } from '../planner/editor-fields.js';

export const fetchRewards = (userId) => get(`/users/${seg(userId)}/rewards`);

/** A text with a number in it: the `.one` form for 1, the `.other` form otherwise. */
const tc = (key, params) => t(`${key}.${params.count === 1 ? 'one' : 'other'}`, params);

const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);

/** Stars as stars: up to ten drawn, then the number. */
export function starRow(count, id) {
  const shown = Math.min(count, 10);
  return h('p', { class: 'star-row', id },
    h('span', { class: 'visually-hidden' }, tc('rewards.stars', { count })),
    h('span', { class: 'star-glyphs', 'aria-hidden': 'true' }, '\u2B50'.repeat(shown)),
    count > shown || count === 0 ? h('span', { class: 'star-count', 'aria-hidden': 'true' }, t('rewards.starsShort', { count })) : null);
}

/** The reward worked towards: the cheapest not yet within reach, or else the dearest within reach. */
export function aim(state) {
  const waiting = new Set(state.redemptions.filter((r) => r.status === 'pending').map((r) => r.rewardId));
  const open = state.rewards.filter((r) => !waiting.has(r.id));
  return open.find((r) => r.cost > state.stars) || open.filter((r) => r.cost <= state.stars).pop() || null;
}

function rewardPicture(reward, className) {
  const src = pictureSrc(reward, 'display');
  return src ? h('img', { src, alt: '', class: className, decoding: 'async' }) : h('span', { class: `${className} reward-no-picture`, 'aria-hidden': 'true' }, '\u{1F381}');
}

/** Ask for a reward: the stars go aside at once; the wish then waits for a planner. */
export async function wish(userId, reward, status) {
  try {
    await post(`/users/${seg(userId)}/rewards/${seg(reward.id)}/redemptions`, { clientKey: newKey() });
    showStatus(status, t('rewards.wished', { reward: reward.title }), 'success');
    return true;
  } catch (error) {
    showStatus(status, errorText(error, { 409: 'rewards.notNow' }), 'info');
    return false;
  }
}

/** A reward's title, cost and picture, for a new one or to change one. */
function rewardDialog(user, reward = null) {
  return openDialog({ id: 'reward-dialog', title: t(reward ? 'rewards.editTitle' : 'rewards.addTitle') }, ({ finish }) => {
    const status = statusLine();
    const title = field({ id: 'reward-title', label: t('rewards.what'), value: reward?.title || '', attrs: { maxlength: 100, required: true, placeholder: t('rewards.whatHint') } });
    const cost = field({ id: 'reward-cost', label: t('rewards.cost'), type: 'number', value: String(reward?.cost || 5), attrs: { min: 1, max: 1000, inputmode: 'numeric', required: true } });
    let pictogramId = reward?.pictogramId || null;
    const preview = h('span', { class: 'picture-preview', id: 'reward-picture-preview' });
    const choose = button('', { id: 'reward-picture-choose', class: 'button' });
    const show = () => {
      const src = pictureSrc({ pictogramId });
      preview.replaceChildren(src ? h('img', { src, alt: t('plan.pictureChosen') }) : h('span', { class: 'picture-empty', 'aria-hidden': 'true' }));
      choose.textContent = t(src ? 'plan.pictureChange' : 'plan.pictureChoose');
    };
    choose.addEventListener('click', async () => {
      const choice = await pickPicture({ user, canUpload: false, pictogramsOnly: true });
      if (choice) pictogramId = choice.id;
      show();
      choose.focus();
    });
    show();
    const form = h('form', { id: 'reward-form', class: 'stack', novalidate: true },
      title.wrap, cost.wrap,
      h('div', { class: 'field' }, h('span', { class: 'label' }, t('rewards.picture')), h('div', { class: 'picture-field' }, preview, choose)),
      status,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button primary', id: 'reward-save' }, t('rewards.save'))));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const words = title.input.value.trim();
      const stars = Number(cost.input.value);
      if (!words) return showStatus(status, t('rewards.whatMissing'), 'error');
      if (!Number.isInteger(stars) || stars < 1 || stars > 1000) return showStatus(status, t('rewards.costRange'), 'error');
      const body = { title: words, cost: stars, pictogramId };
      try {
        const path = `/users/${seg(user.id)}/rewards`;
        finish(reward ? await patch(`${path}/${seg(reward.id)}`, body) : await post(path, body));
      } catch (error) {
        showStatus(status, errorText(error), 'error');
      }
      return undefined;
    });
    setTimeout(() => title.input.focus(), 0);
    return form;
  });
}

/** A wish waiting: what, for how many stars, and (for a planner) "Yes" or "Not now". */
function wishRow(user, state, redemption, status, reload) {
  const answer = async (decision) => {
    try {
      await put(`/users/${seg(user.id)}/redemptions/${seg(redemption.id)}`, { decision });
      showStatus(status, t(decision === 'confirmed' ? 'rewards.confirmedDone' : 'rewards.declinedDone', { reward: redemption.title }), 'success');
    } catch (error) {
      showStatus(status, errorText(error), 'error');
    }
    await reload();
  };
  return h('li', { class: 'wish-row', id: `wish-${redemption.id}` },
    rewardPicture(redemption, 'reward-picture small'),
    h('span', { class: 'wish-text' }, tc('rewards.wishLine', { name: user.name, reward: redemption.title, count: redemption.cost })),
    state.mayDecide ? h('span', { class: 'actions' },
      button(t('rewards.confirm'), { id: `wish-confirm-${redemption.id}`, class: 'button primary', onClick: () => answer('confirmed') }),
      button(t('rewards.decline'), { id: `wish-decline-${redemption.id}`, class: 'button subtle', onClick: () => answer('declined') })) : null);
}

function rewardRow(user, state, reward, status, reload) {
  const waiting = state.redemptions.some((r) => r.status === 'pending' && r.rewardId === reward.id);
  return h('li', { class: 'reward-row', id: `reward-${reward.id}` },
    rewardPicture(reward, 'reward-picture small'),
    h('span', { class: 'reward-text' }, h('strong', {}, reward.title), ' ', h('span', { class: 'hint' }, tc('rewards.costLine', { count: reward.cost }))),
    h('span', { class: 'actions' },
      state.mayRedeem && state.enabled ? (waiting
        ? h('span', { class: 'hint', id: `reward-waiting-${reward.id}` }, t('rewards.waiting'))
        : button(t('rewards.wish'), {
          id: `reward-wish-${reward.id}`, class: 'button primary', disabled: reward.cost > state.stars,
          onClick: async () => { if (await wish(user.id, reward, status)) await reload(); },
        })) : null,
      state.mayManage ? button(t('rewards.change'), {
        id: `reward-edit-${reward.id}`, class: 'button subtle',
        onClick: async () => { if (await rewardDialog(user, reward)) await reload(); },
      }) : null,
      state.mayManage ? button(t('rewards.remove'), {
        id: `reward-remove-${reward.id}`, class: 'button subtle',
        onClick: async () => {
          if (!window.confirm(t('rewards.removeConfirm', { reward: reward.title }))) return;
          try {
            await del(`/users/${seg(user.id)}/rewards/${seg(reward.id)}`);
          } catch (error) {
            showStatus(status, errorText(error), 'error');
          }
          await reload();
        },
      }) : null));
}

/**
 * The rewards card of the goals page: the switch and the rewards for planners, the wishes waiting for an answer, and
 * for the person their stars and a "wish" button. Hidden from the person while rewards are off.
 */
export function rewardsCard(user, ctx) {
  const root = h('section', { class: 'card rewards-card', id: 'rewards', 'aria-labelledby': 'rewards-title' });
  const status = statusLine();
  status.id = 'rewards-status';
  const reload = async () => {
    let state;
    try {
      state = await fetchRewards(user.id);
    } catch (error) {
      root.replaceChildren(h('p', { class: 'hint' }, errorText(error)));
      return;
    }
    if (!ctx.alive()) return;
    if (!state.enabled && !state.mayManage) {
      root.hidden = true;
      return;
    }
    root.hidden = false;
    const pending = state.redemptions.filter((r) => r.status === 'pending');
    const toggle = state.mayManage ? switchField({ id: 'rewards-enabled', label: t('rewards.switch', { name: user.name }), hint: t('rewards.switchHint'), checked: state.enabled }) : null;
    toggle?.input.addEventListener('change', async () => {
      try {
        await put(`/users/${seg(user.id)}/rewards/settings`, { enabled: toggle.input.checked });
        showStatus(status, t(toggle.input.checked ? 'rewards.switchedOn' : 'rewards.switchedOff'), 'success');
      } catch (error) {
        showStatus(status, errorText(error), 'error');
      }
      await reload();
    });
    const target = aim(state);
    root.replaceChildren(
      h('h2', { id: 'rewards-title' }, t('rewards.title')),
      toggle?.wrap,
      state.enabled || state.stars ? starRow(state.stars, 'rewards-stars') : null,
      state.enabled && target && state.mayRedeem ? h('p', { class: 'hint', id: 'rewards-aim' }, target.cost > state.stars
        ? tc('rewards.towards', { reward: target.title, count: target.cost - state.stars })
        : t('rewards.within', { reward: target.title })) : null,
      pending.length ? h('h3', { id: 'wishes-title' }, t('rewards.wishesTitle')) : null,
      pending.length ? h('ul', { class: 'wish-list', id: 'wish-list', 'aria-labelledby': 'wishes-title' }, pending.map((r) => wishRow(user, state, r, status, reload))) : null,
      state.rewards.length
        ? h('ul', { class: 'reward-list', id: 'reward-list' }, state.rewards.map((r) => rewardRow(user, state, r, status, reload)))
        : h('p', { class: 'hint', id: 'reward-list-empty' }, t(state.mayManage ? 'rewards.emptyManage' : 'rewards.empty')),
      state.mayManage ? button(t('rewards.add'), {
        id: 'reward-add', class: 'button',
        onClick: async () => {
          if (await rewardDialog(user)) await reload();
          document.getElementById('reward-add')?.focus();
        },
      }) : null,
      status);
  };
  root.reload = reload;
  return root;
}

/**
 * The child's star jar: the stars in a jar, the reward being worked towards in a big picture, and when the stars are
 * there one big button to wish for it. A wish waiting says so calmly.
 */
export function starJar(state, { userId, status, onWished }) {
  if (!state?.enabled) return null;
  const target = aim(state);
  const waiting = state.redemptions.filter((r) => r.status === 'pending');
  const ready = target && target.cost <= state.stars;
  return h('section', { class: 'star-jar', id: 'device-jar', 'aria-labelledby': 'device-jar-count' },
    h('div', { class: 'jar', 'aria-hidden': 'true' },
      h('span', { class: 'jar-stars' }, '\u2B50'.repeat(Math.min(state.stars, 20)))),
    h('div', { class: 'jar-text' },
      h('p', { class: 'jar-count', id: 'device-jar-count' }, tc('rewards.stars', { count: state.stars })),
      target ? h('div', { class: 'jar-aim', id: 'device-jar-aim' },
        rewardPicture(target, 'reward-picture big'),
        h('p', { class: 'jar-aim-text' }, ready ? t('rewards.within', { reward: target.title })
          : tc('rewards.towards', { reward: target.title, count: target.cost - state.stars }))) : null,
      ready ? button(t('rewards.wishFor', { reward: target.title }), {
        id: 'device-jar-wish', class: 'button primary jar-wish',
        onClick: async () => { if (await wish(userId, target, status)) onWished(); },
      }) : null,
      waiting.map((r) => h('p', { class: 'jar-waiting', id: `device-jar-waiting-${r.id}` }, t('rewards.waitingFor', { reward: r.title })))));
}
