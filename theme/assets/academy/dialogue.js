// `scenario` questions in a quiz (quiz.js loads this module for banks that have one): a branching
// customer dialogue. Each turn shows the customer's line and the agent's possible replies as
// buttons; a choice shows its feedback and points, and leads to the next node, until a choice
// without `next`. Then the whole transcript is replayed with the total. Scoring (grade.js,
// playScenario): right when the total reaches the bank's pass share of the best path's total.
import { h, say, uid } from './dom.js';
import { useStyles } from './feedback.js';
import { bestPath, playScenario } from './grade.js';
import { t } from './i18n.js';

const signed = (n) => (n > 0 ? `+${n}` : String(n));

/** Fill the fieldset; returns read() → the chosen texts in order (null before the first). */
export function renderDialogue(q, box, ctx = {}) {
  useStyles();
  const pass = ctx.pass ?? 80;
  const live = ctx.live ?? h('p', { class: 'academy-sr', role: 'status' }); // the quiz's live region
  const stage = h('div', { class: 'academy-dialogue-stage' });
  const replay = h('section', { class: 'academy-dialogue-replay', hidden: true });
  box.append(h('div', { class: 'academy-dialogue' }, stage, replay, !ctx.live && live));
  let picks = [];

  const line = (who, text, cls) => h('p', { class: `academy-say ${cls}` },
    h('span', { class: 'academy-who' }, who), h('span', {}, text));

  function turnNote(turn) {
    const { choice } = turn;
    return h('div', { class: 'academy-turn-note ' + (choice.score > 0 ? 'is-right' : 'is-wrong') },
      line(t('dialogue.agent'), choice.text, 'is-agent'),
      h('p', {}, choice.feedback ? t('dialogue.feedback', { feedback: choice.feedback }) : '',
        h('strong', {}, t('dialogue.points', { points: signed(choice.score ?? 0) }))));
  }

  function draw(focus) {
    const state = playScenario(q, picks, pass);
    const last = state.turns.at(-1);
    stage.replaceChildren();
    if (last) stage.append(turnNote(last));
    if (!state.finished) {
      const node = state.at;
      if (!node) {
        stage.append(h('p', { class: 'academy-hint' }, t('dialogue.broken')));
        return state;
      }
      const groupId = uid('turn');
      stage.append(
        h('h3', { class: 'academy-turn', id: groupId }, t('dialogue.turn', { n: state.turns.length + 1 })),
        line(t('dialogue.customer'), node.customer, 'is-customer'),
        h('div', { class: 'academy-choices', role: 'group', 'aria-labelledby': groupId },
          h('p', { class: 'academy-hint' }, t('dialogue.choose')),
          node.choices.map((c) => h('button', {
            type: 'button', class: 'md-button academy-choice', onclick: () => choose(c.text),
          }, c.text))));
      replay.hidden = true;
      if (focus) stage.querySelector('.academy-choice')?.focus();
    } else {
      showReplay(state);
      if (focus) replay.querySelector('h3')?.focus();
    }
    return state;
  }

  function choose(text) {
    ctx.touch?.();
    picks = [...picks, text];
    const state = draw(true);
    const turn = state.turns.at(-1);
    let message = t('dialogue.chosen', { text, points: signed(turn.choice.score ?? 0) });
    if (turn.choice.feedback) message += ' ' + t('dialogue.feedback', { feedback: turn.choice.feedback });
    if (!state.finished) message += ' ' + t('dialogue.says', { text: state.at.customer });
    else message += ' ' + summary(state);
    say(live, message);
  }

  function summary(state) {
    return t('dialogue.total', {
      total: state.total, best: state.best, pass, verdict: t(state.correct ? 'quiz.pass' : 'quiz.fail'),
    });
  }

  function showReplay(state) {
    const best = bestPath(q);
    const atBest = best && state.total >= best.total;
    replay.replaceChildren(
      h('h3', { tabindex: '-1' }, t('dialogue.replay')),
      h('ol', { class: 'academy-transcript' }, state.turns.map(({ node, choice }) => h('li', {},
        line(t('dialogue.customer'), node.customer, 'is-customer'),
        line(t('dialogue.agent'), choice.text, 'is-agent'),
        h('p', { class: 'academy-turn-score' },
          choice.feedback ? t('dialogue.feedback', { feedback: choice.feedback }) + ' ' : '',
          t('dialogue.points', { points: signed(choice.score ?? 0) }))))),
      state.at && line(t('dialogue.customer'), state.at.customer, 'is-customer academy-last-word'),
      h('p', { class: 'academy-dialogue-total ' + (state.correct ? 'is-right' : 'is-wrong') },
        h('strong', {}, summary(state))),
      !atBest && best && h('p', {}, t('dialogue.best', { path: best.path.join(t('quiz.then')) })),
      h('button', { type: 'button', class: 'md-button', onclick: restart }, t('dialogue.restart')));
    replay.hidden = false;
  }

  function restart() {
    picks = [];
    draw(true);
    say(live, t('dialogue.restarted', { text: playScenario(q, [], pass).at?.customer ?? '' }));
  }

  draw(false);
  const read = () => (picks.length ? picks.slice() : null);
  read.after = () => {};
  return read;
}
