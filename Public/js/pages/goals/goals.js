// #/users/<id>/goals — a person's goals: what they work towards and why, this week's progress with one big tap to
// note it (a count, or a smiley from 1 to 5), the steps on the way, and twelve weeks as a chart. The young person
// adds their own in a few taps; planners support (progress and a kind word) and, in Me, set them up. Calm words only:
// a week without progress is just not counted.
import { h } from '../../dom.js';
import { t, formatDay, getLocale } from '../../i18n.js';
import { get, getAll, post, patch, put, seg } from '../../api.js';
import { errorText, showStatus, statusLine, field, textareaField } from '../../forms.js';
import { pageTitle, link, button, card } from '../../ui.js';
import { openDialog } from '../../dialog.js';
import { session } from '../../state.js';
import { weeksChart, activitiesChart } from './chart.js';
import { rewardsCard } from './rewards.js';

const SMILEYS = ['\u{1F61E}', '\u{1F615}', '\u{1F610}', '\u{1F642}', '\u{1F604}'];
const same = (a, b) => String(a || '').toLowerCase() === String(b || '').toLowerCase();

/** "4 times a week", "Every day", "By 1 March", "How it went, 1 to 5". */
function measureText(goal) {
  if (goal.measure === 'scale') return t('goals.measure.scale');
  if (goal.measure === 'date') return t('goals.measure.dateText', { date: formatDay(goal.targetDate, { day: 'numeric', month: 'long' }) });
  return t(goal.period === 'day' ? 'goals.measure.perDay' : 'goals.measure.perWeek', { count: goal.target });
}

/** This week in words: "2 of 4 this week", "Done 3 days this week", "Average 4 this week". */
function thisWeek(goal, week) {
  if (!week) return '';
  if (goal.measure === 'scale') return week.averageRating == null ? t('goals.week.noRating') : t('goals.week.rating', { value: new Intl.NumberFormat(getLocale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(week.averageRating) });
  if (goal.measure === 'count' && goal.period === 'day') return t('goals.week.days', { count: week.daysReached });
  if (goal.measure === 'count') return t('goals.week.count', { count: week.amount, target: goal.target });
  return t('goals.week.ticks', { count: week.amount });
}

function streakText(item) {
  if (!item || item.streak < 2) return null;
  return t(item.streakUnit === 'day' ? 'goals.streakDays' : 'goals.streakWeeks', { count: item.streak });
}

/** The big buttons to note progress: "Done!" (+1), a count, or five smileys. */
function progressButtons(page, goal, status) {
  const record = async (body, message) => {
    try {
      await post(`/users/${seg(page.user.id)}/goals/${seg(goal.id)}/progress`, body);
      showStatus(status, message, 'success');
      await page.reload();
    } catch (error) {
      showStatus(status, errorText(error), 'error');
    }
  };
  if (goal.measure === 'scale') {
    return h('div', { class: 'smileys', role: 'group', 'aria-label': t('goals.rateLabel') }, SMILEYS.map((face, i) => button(face, {
      id: `goal-rate-${goal.id}-${i + 1}`, class: 'button smiley', 'aria-label': t(`goals.rating.${i + 1}`),
      onClick: () => record({ kind: 'rating', value: i + 1 }, t('goals.rated')),
    })));
  }
  return button(t('goals.done'), {
    id: `goal-tick-${goal.id}`, class: 'button primary goal-tick',
    onClick: () => record({ kind: 'tick' }, t('goals.noted')),
  });
}

function stepsList(page, goal, status) {
  if (!goal.steps.length) return null;
  return h('ol', { class: 'goal-steps', id: `goal-steps-${goal.id}` }, goal.steps.map((step) => {
    const box = h('input', { type: 'checkbox', id: `goal-step-${step.id}`, class: 'check-input', checked: Boolean(step.reachedAt), disabled: !page.rights.progress });
    box.addEventListener('change', async () => {
      try {
        await put(`/users/${seg(page.user.id)}/goals/${seg(goal.id)}/steps/${seg(step.id)}`, { reached: box.checked });
        showStatus(status, box.checked ? t('goals.stepReached') : '', 'success');
      } catch (error) {
        box.checked = !box.checked;
        showStatus(status, errorText(error), 'error');
      }
    });
    return h('li', { class: 'check-row' }, box, h('label', { for: box.id }, step.text));
  }));
}

/** A planner's kind word on a goal (a comment), shown to the person with the progress. */
function commentForm(page, goal, status) {
  if (page.ownWeek || !page.rights.progress) return null;
  const input = h('input', { type: 'text', id: `goal-comment-${goal.id}`, class: 'input', maxlength: 500, 'aria-label': t('goals.comment') , placeholder: t('goals.commentHint') });
  const form = h('form', { class: 'goal-comment' }, input, h('button', { type: 'submit', class: 'button', id: `goal-comment-send-${goal.id}` }, t('goals.commentSend')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!input.value.trim()) return;
    try {
      await post(`/users/${seg(page.user.id)}/goals/${seg(goal.id)}/progress`, { kind: 'comment', note: input.value.trim() });
      input.value = '';
      showStatus(status, t('goals.commentSent'), 'success');
      await page.reload();
    } catch (error) {
      showStatus(status, errorText(error), 'error');
    }
  });
  return form;
}

/** The newest kind words, so the person sees the support. */
function comments(entries) {
  const words = entries.filter((e) => e.kind === 'comment').slice(0, 3);
  if (!words.length) return null;
  return h('ul', { class: 'goal-comments' }, words.map((e) => h('li', {}, h('strong', {}, `${e.recordedByName || t('chat.formerMember')}: `), e.note)));
}

function goalCard(page, goal, item, entries) {
  const status = statusLine();
  status.id = `goal-status-${goal.id}`;
  const week = item?.weeks?.[item.weeks.length - 1];
  const streak = item ? streakText(item) : null;
  const active = goal.status === 'active';
  return h('article', { class: ['goal-card', `is-${goal.status}`], id: `goal-${goal.id}`, 'aria-labelledby': `goal-title-${goal.id}` },
    h('h2', { id: `goal-title-${goal.id}`, class: 'goal-title' }, goal.title),
    h('p', { class: 'goal-measure' }, measureText(goal)),
    goal.why ? h('p', { class: 'goal-why' }, goal.why) : null,
    goal.reward ? h('p', { class: 'goal-reward' }, t('goals.rewardLine', { reward: goal.reward })) : null,
    active ? h('p', { class: 'goal-week', id: `goal-week-${goal.id}` }, thisWeek(goal, week)) : h('p', { class: 'hint' }, t(`goals.status.${goal.status}`)),
    streak ? h('p', { class: 'goal-streak', id: `goal-streak-${goal.id}` }, streak) : null,
    active && page.rights.progress ? progressButtons(page, goal, status) : null,
    stepsList(page, goal, status),
    item ? weeksChart(item, `goal-chart-${goal.id}`) : null,
    comments(entries),
    commentForm(page, goal, status),
    goal.mayChange ? h('div', { class: 'actions goal-actions' },
      button(t('goals.change'), {
        id: `goal-edit-${goal.id}`, class: 'button subtle',
        onClick: async () => {
          if (await goalDialog(page, goal)) await page.reload();
          document.getElementById(`goal-edit-${goal.id}`)?.focus();
        },
      }),
      active ? button(t('goals.markReached'), { id: `goal-reached-${goal.id}`, class: 'button subtle', onClick: () => setStatus(page, goal, 'reached', status) }) : null,
      active ? button(t('goals.pause'), { id: `goal-pause-${goal.id}`, class: 'button subtle', onClick: () => setStatus(page, goal, 'paused', status) }) : null,
      !active ? button(t('goals.resume'), { id: `goal-resume-${goal.id}`, class: 'button subtle', onClick: () => setStatus(page, goal, 'active', status) }) : null) : null,
    status);
}

async function setStatus(page, goal, value, status) {
  try {
    await patch(`/users/${seg(page.user.id)}/goals/${seg(goal.id)}`, { status: value });
    await page.reload();
  } catch (error) {
    showStatus(status, errorText(error), 'error');
  }
}

/** The steps on the way, each a line of its own: a kept step keeps its tick; one emptied goes. */
function stepsEditor(goal) {
  const rows = h('ol', { class: 'step-editor', id: 'goal-steps-edit' });
  let made = 0;
  const add = (step = { id: null, text: '' }) => {
    made += 1;
    const n = made;
    const input = h('input', { type: 'text', class: 'input', maxlength: 200, value: step.text, id: `goal-step-text-${n}`, 'aria-label': t('goals.stepLabel', { n }) });
    input.dataset.stepId = step.id || '';
    const remove = button(t('goals.stepRemove'), { class: 'button subtle', id: `goal-step-remove-${n}`, onClick: () => { row.remove(); } });
    const row = h('li', { class: 'step-edit-row' }, input, remove);
    rows.append(row);
    return input;
  };
  for (const step of goal?.steps || []) add(step);
  const more = button(t('goals.stepAdd'), { id: 'goal-step-add', class: 'button subtle', onClick: () => add().focus() });
  const wrap = h('fieldset', { class: 'field group' }, h('legend', {}, t('goals.stepsLabel')), rows, more);
  const value = () => [...rows.querySelectorAll('input')].map((input) => ({ id: input.dataset.stepId || undefined, text: input.value.trim() }))
    .filter((step) => step.text);
  return { wrap, value };
}

/**
 * A goal in a few taps: what, how it is measured (one tap), how often, and, if wanted, why, a reward and steps. With a
 * goal, the same form changes it.
 */
function goalDialog(page, goal = null) {
  return openDialog({ id: 'goal-dialog', title: t(goal ? 'goals.editTitle' : 'goals.addTitle') }, ({ finish }) => {
    const status = statusLine();
    const title = field({ id: 'goal-add-title', label: t('goals.what'), value: goal?.title || '', attrs: { maxlength: 120, required: true, placeholder: t('goals.whatHint') } });
    const kindOf = (g) => (g.measure === 'scale' ? 'scale' : g.measure === 'date' ? 'date' : g.period === 'day' ? 'count-day' : 'count-week');
    let measure = goal ? kindOf(goal) : 'count-week';
    const kinds = ['count-week', 'count-day', 'scale'];
    const target = field({ id: 'goal-add-target', label: t('goals.howMany'), type: 'number', value: String(goal?.target || 3), attrs: { min: 1, max: 100, inputmode: 'numeric' } });
    target.wrap.hidden = measure === 'scale' || measure === 'date';
    const chips = kinds.map((kind) => button(t(`goals.kind.${kind}`), {
      id: `goal-add-kind-${kind}`, class: 'button chip', 'aria-pressed': String(kind === measure),
      onClick: () => {
        measure = kind;
        for (const chip of chips) chip.setAttribute('aria-pressed', String(chip.id.endsWith(kind)));
        target.wrap.hidden = kind === 'scale';
      },
    }));
    const why = textareaField({ id: 'goal-add-why', label: t('goals.why'), value: goal?.why || '', attrs: { maxlength: 2000, rows: 2 } });
    const reward = field({ id: 'goal-add-reward', label: t('goals.reward'), value: goal?.reward || '', attrs: { maxlength: 200, placeholder: t('goals.rewardHint') } });
    const steps = stepsEditor(goal);
    const form = h('form', { id: 'goal-add-form', class: 'stack', novalidate: true },
      title.wrap,
      measure === 'date' ? null : h('fieldset', { class: 'field group' }, h('legend', {}, t('goals.measureLabel')), h('div', { class: 'chips' }, chips)),
      target.wrap, why.wrap, reward.wrap, goal ? steps.wrap : null, status,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button primary', id: 'goal-add-save' }, t(goal ? 'goals.saveChanges' : 'goals.save'))));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const words = title.input.value.trim();
      if (!words) return showStatus(status, t('goals.whatMissing'), 'error');
      const body = { title: words };
      if (measure !== 'date') body.measure = measure === 'scale' ? 'scale' : 'count';
      if (measure.startsWith('count')) {
        body.target = Number(target.input.value);
        body.period = measure === 'count-day' ? 'day' : 'week';
      }
      const whyText = why.input.value.trim();
      const rewardText = reward.input.value.trim();
      if (whyText || goal?.why) body.why = whyText || null;
      if (rewardText || goal?.reward) body.reward = rewardText || null;
      if (goal) body.steps = steps.value();
      try {
        const path = `/users/${seg(page.user.id)}/goals`;
        finish(goal ? await patch(`${path}/${seg(goal.id)}`, body) : await post(path, body));
      } catch (error) {
        showStatus(status, errorText(error), 'error');
      }
      return undefined;
    });
    setTimeout(() => title.input.focus(), 0);
    return form;
  });
}

export default async function goalsPage(ctx) {
  const me = session.me;
  const id = ctx.params.id;
  const [user, planners] = await Promise.all([get(`/users/${seg(id)}`), getAll(`/users/${seg(id)}/planners`)]);
  const role = planners.find((p) => same(p.plannerId, me.id))?.role || null;
  const ownWeek = same(user.id, me.id);
  const rights = {
    progress: ownWeek || role === 'guardian' || role === 'planner',
    create: (ownWeek && user.app === 'planet') || role === 'guardian' || role === 'planner',
  };
  const list = h('div', { class: 'goal-list', id: 'goal-list' });
  const summary = h('div', { id: 'goal-activities' });
  const page = { user, rights, ownWeek };
  const rewards = rewardsCard(user, ctx);
  page.reload = async () => {
    rewards.reload();
    const [goals, overview] = await Promise.all([getAll(`/users/${seg(id)}/goals`), get(`/users/${seg(id)}/goals/overview`)]);
    if (!ctx.alive()) return;
    const shown = goals.filter((g) => g.status !== 'archived');
    const entries = await Promise.all(shown.map((g) => get(`/users/${seg(id)}/goals/${seg(g.id)}/progress?limit=20`).then((p) => p.items, () => [])));
    list.replaceChildren(...(shown.length
      ? shown.map((goal, i) => goalCard(page, goal, overview.goals.find((o) => same(o.goalId, goal.id)), entries[i]))
      : [h('p', { class: 'empty', id: 'goal-list-empty' }, t(rights.create ? 'goals.emptyCreate' : 'goals.empty'))]));
    summary.replaceChildren(ownWeek ? '' : card(t('goals.activitiesTitle'), activitiesChart(overview.activities, 'goal-activities-chart')));
    list.setAttribute('aria-busy', 'false');
  };
  ctx.title = ownWeek ? t('goals.myTitle') : t('goals.title', { name: user.name });
  const add = rights.create ? button(t('goals.add'), {
    id: 'goal-add-open', class: 'button primary',
    onClick: async () => {
      if (await goalDialog(page)) await page.reload();
      document.getElementById('goal-add-open')?.focus();
    },
  }) : null;
  list.setAttribute('aria-busy', 'true');
  await page.reload();
  return h('div', { class: 'page goals-page' },
    h('p', { class: 'back' }, link(`#/users/${encodeURIComponent(user.id)}/plan`, ownWeek ? t('chat.backToMyWeek') : t('chat.backToPlan', { name: user.name }), { id: 'goals-back' })),
    h('div', { class: 'title-row' }, pageTitle(ctx.title, 'goals-title'), add),
    rewards, summary, list);
}
