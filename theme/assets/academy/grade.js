// Pure grading. Answers are content texts (see docs/browser.md): single: text, multiple:
// [texts], truefalse: boolean, fill: string, order: [items], match: {left: right},
// reply: {text, score, passed} (graded by the rule engine, engine.js) or {text, ungraded: true},
// scenario: [the chosen choice texts, in order]; null = none.

export const SCORED = ['single', 'multiple', 'truefalse', 'fill', 'order', 'match', 'reply', 'scenario'];

export const isScored = (q) => SCORED.includes(q.type);

// trim, full-width → half-width, collapse spaces, lower-case
export function normalize(s) {
  return String(s ?? '')
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, ' ')
    .trim()
    .toLowerCase();
}

const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

export function answered(q, a) {
  if (a === null || a === undefined) return false;
  if (q.type === 'fill') return normalize(a) !== '';
  if (q.type === 'match') return Object.values(a).some((v) => v);
  if (q.type === 'reply') return typeof a.text === 'string' && a.text.trim() !== '';
  if (Array.isArray(a)) return a.length > 0;
  return true;
}

// pass: the bank's pass_score, used by scenario (see playScenario)
export function isCorrect(q, a, pass = 80) {
  if (!answered(q, a)) return false;
  switch (q.type) {
    case 'single':
      return q.options.some((o) => o.correct && o.text === a);
    case 'multiple': {
      const want = q.options.filter((o) => o.correct).map((o) => o.text).sort();
      return same([...new Set(a)].sort(), want);
    }
    case 'truefalse':
      return a === q.answer;
    case 'fill':
      return q.answers.some((x) => normalize(x) === normalize(a));
    case 'order':
      return same(a, q.items);
    case 'match':
      return q.pairs.every((p) => a[p.left] === p.right);
    case 'reply':
      return a.passed === true;
    case 'scenario':
      return playScenario(q, a, pass).correct;
    default:
      return false;
  }
}

export function chosenFeedback(q, a) {
  if (!q.options || !answered(q, a)) return [];
  const picked = Array.isArray(a) ? a : [a];
  return q.options.filter((o) => o.feedback && picked.includes(o.text)).map((o) => o.feedback);
}

export function rightAnswer(q) {
  switch (q.type) {
    case 'single':
    case 'multiple':
      return q.options.filter((o) => o.correct).map((o) => o.text);
    case 'truefalse':
      return [q.answer];
    case 'fill':
      return q.answers.slice();
    case 'order':
      return q.items.slice();
    case 'match':
      return q.pairs.map((p) => [p.left, p.right]);
    default:
      return [];
  }
}

const points = (q) => (typeof q.points === 'number' && q.points >= 0 ? q.points : 1);

// answers {qid: answer} → {results, earned, total, percent (rounded down; null: nothing
// scored), passed (exact ratio ≥ pass_score), right, count}. Weighted by points.
export function gradeBank(bank, answers = {}) {
  let earned = 0;
  let total = 0;
  let right = 0;
  let count = 0;
  const pass = typeof bank.pass_score === 'number' ? bank.pass_score : 80;
  const results = bank.questions.map((q) => {
    const a = answers[q.id] ?? null;
    const scored = isScored(q) && !a?.ungraded; // a reply the engine could not grade is left out
    const ok = scored && isCorrect(q, a, pass);
    const p = scored ? points(q) : 0;
    if (scored) {
      total += p;
      count += 1;
      if (ok) {
        earned += p;
        right += 1;
      }
    }
    return {
      id: q.id, type: q.type, scored, answered: answered(q, a), correct: ok,
      points: p, earned: ok ? p : 0, feedback: chosenFeedback(q, a),
    };
  });
  const percent = total > 0 ? Math.floor((earned * 100) / total + 1e-9) : null;
  const passed = total > 0 && earned * 100 >= pass * total - 1e-9;
  return { results, earned, total, percent, passed, right, count };
}

// Fisher–Yates into a new array
export function shuffle(list, rng = Math.random) {
  const a = list.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

// a shuffle that differs from the original whenever possible (order questions)
export function shuffleAway(list, rng = Math.random) {
  if (new Set(list).size < 2) return list.slice();
  for (let tries = 0; tries < 20; tries++) {
    const a = shuffle(list, rng);
    if (!same(a, list)) return a;
  }
  const a = list.slice(); // rotating a non-constant list changes it
  a.push(a.shift());
  return a;
}

// Scenario dialogues (docs/practice.md). A dialogue starts at q.start (default: the first node);
// each choice scores its points and leads to `next`; a choice without `next` (or a node without
// choices) ends it. It is right when it ends with a total of at least pass% of the best total any
// path can reach (best ≤ 0: at least the best). Paths never visit a node twice.

const nodeMap = (q) => new Map((q.nodes || []).map((n) => [n.id, n]));
const startOf = (q) => q.start ?? q.nodes?.[0]?.id ?? null;
const score = (c) => (Number.isFinite(c.score) ? c.score : 0);

/** The best total and its choices: {total, path: [choice texts]}; null if no path ends. */
export function bestPath(q) {
  const nodes = nodeMap(q);
  const acyclic = !hasLoop(nodes, startOf(q));
  const memo = new Map(); // only without loops: then a node's best cannot depend on the way in
  const walk = (id, seen) => {
    const node = nodes.get(id);
    if (!node || seen.has(id)) return null;
    if (!node.choices?.length) return { total: 0, path: [] };
    if (acyclic && memo.has(id)) return memo.get(id);
    const inner = acyclic ? seen : new Set(seen).add(id);
    let best = null;
    for (const c of node.choices) {
      const rest = c.next ? walk(c.next, inner) : { total: 0, path: [] };
      if (!rest) continue;
      const total = score(c) + rest.total;
      if (!best || total > best.total) best = { total, path: [c.text, ...rest.path] };
    }
    if (acyclic) memo.set(id, best);
    return best;
  };
  return walk(startOf(q), new Set());
}

function hasLoop(nodes, start) {
  const state = new Map(); // id → 1 on the current way, 2 done
  const visit = (id) => {
    if (!nodes.has(id) || state.get(id) === 2) return false;
    if (state.get(id) === 1) return true;
    state.set(id, 1);
    const found = (nodes.get(id).choices || []).some((c) => c.next && visit(c.next));
    state.set(id, 2);
    return found;
  };
  return visit(start);
}

/** Replay chosen texts → {turns: [{node, choice}], total, finished, best, correct, at}:
 *  `at` is the node waiting for a choice, or the choice-less node that ended the dialogue. */
export function playScenario(q, picks, pass = 80) {
  const nodes = nodeMap(q);
  const turns = [];
  let total = 0;
  let at = nodes.get(startOf(q)) ?? null;
  for (const text of Array.isArray(picks) ? picks : []) {
    const choice = at?.choices?.find((c) => c.text === text);
    if (!choice) break;
    turns.push({ node: at, choice });
    total += score(choice);
    at = choice.next ? nodes.get(choice.next) ?? null : null;
    if (!at) break;
  }
  const finished = turns.length > 0 && (!at || !at.choices?.length);
  const best = bestPath(q)?.total ?? 0;
  const enough = best > 0 ? total * 100 >= pass * best - 1e-9 : total >= best;
  return { turns, total, finished, best, correct: finished && enough, at };
}
