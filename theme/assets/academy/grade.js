// Pure grading. Answers are content texts (see docs/browser.md): single: text, multiple:
// [texts], truefalse: boolean, fill: string, order: [items], match: {left: right}; null = none.

export const SCORED = ['single', 'multiple', 'truefalse', 'fill', 'order', 'match'];

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
  if (Array.isArray(a)) return a.length > 0;
  return true;
}

export function isCorrect(q, a) {
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
  const results = bank.questions.map((q) => {
    const a = answers[q.id] ?? null;
    const scored = isScored(q);
    const ok = scored && isCorrect(q, a);
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
  const pass = typeof bank.pass_score === 'number' ? bank.pass_score : 80;
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
