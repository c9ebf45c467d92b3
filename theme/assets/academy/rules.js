// The small pure rules every page needs (docs/game.md): local days, streaks, point totals and
// the Leitner schedule of the 错题本. No DOM, no storage, no clock of its own: callers pass `now`.

export const DEFAULT_INTERVALS = [1, 2, 4, 7, 15];

const pad = (n) => String(n).padStart(2, '0');
const isoDay = (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** The learner's calendar day, YYYY-MM-DD, in the local time zone (or `offset` minutes, as getTimezoneOffset). */
export function localDay(now = new Date(), offset = now.getTimezoneOffset()) {
  return isoDay(new Date(now.getTime() - offset * 60000));
}

/** day ± n calendar days. */
export function addDays(day, n) {
  const d = new Date(day + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return isoDay(d);
}

/** Whole days from a to b (b later: positive). */
export const dayDiff = (a, b) => Math.round((Date.parse(b + 'T00:00:00Z') - Date.parse(a + 'T00:00:00Z')) / 864e5);

export const pointsTotal = (events = []) => events.reduce((s, e) => s + (e.points || 0), 0);

/** Days on which the daily goal (answers) was met, ascending. */
export const goalDays = (days = {}, goal = 10) =>
  Object.keys(days).filter((d) => (days[d]?.answers || 0) >= goal).sort();

/** Runs of consecutive goal days: [{start, end, length}], oldest first. */
export function streakRuns(days, goal) {
  const runs = [];
  for (const d of goalDays(days, goal)) {
    const last = runs[runs.length - 1];
    if (last && dayDiff(last.end, d) === 1) {
      last.end = d;
      last.length += 1;
    } else runs.push({ start: d, end: d, length: 1 });
  }
  return runs;
}

/** The streak alive today: a run ending today, or yesterday (today's goal may still be met). */
export function currentStreak(days, goal, today) {
  const last = streakRuns(days, goal).pop();
  return last && dayDiff(last.end, today) <= 1 ? last.length : 0;
}

export const bestStreak = (days, goal) => Math.max(0, ...streakRuns(days, goal).map((r) => r.length));

/**
 * One Leitner step for a question (entry: {box, due, misses, right, at, done}). A miss puts it in
 * box 1, due after intervals[0] days; a right answer on or after its due day moves it one box up
 * (due after that box's interval) and past the last box it is done. A right answer before it is
 * due changes nothing. A right answer to a question never missed makes no entry (undefined).
 */
export function leitner(entry, correct, today, intervals = DEFAULT_INTERVALS, at = null) {
  if (!correct) {
    return {
      box: 1, due: addDays(today, intervals[0]), misses: (entry?.misses || 0) + 1,
      right: entry?.right || 0, at,
    };
  }
  if (!entry || entry.done || entry.due > today) return entry;
  const box = entry.box + 1;
  const done = box > intervals.length;
  return {
    ...entry, box: done ? entry.box : box, due: done ? null : addDays(today, intervals[box - 1]),
    right: (entry.right || 0) + 1, done, at,
  };
}

export const isDue = (entry, today) => Boolean(entry && !entry.done && entry.due && entry.due <= today);

export const dueKeys = (reviews = {}, today) => Object.keys(reviews).filter((k) => isDue(reviews[k], today));
