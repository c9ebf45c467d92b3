// Every string the learner sees. Add a language: copy the 'zh-CN' block under a new
// BCP 47 tag, translate the values, keep the {placeholders}. See docs/browser.md.
export const table = {
  'zh-CN': {
    'quiz.meta': '共 {count} 题 · 及格线 {pass}%',
    'quiz.best': '最好成绩 {best}% · 已作答 {attempts} 次',
    'quiz.none': '尚未作答',
    'quiz.limit': '限时 {time}，开始后计时，时间到将自动提交。',
    'quiz.start': '开始计时测验',
    'quiz.timer': '剩余时间',
    'quiz.started': '计时开始，共 {time}。',
    'quiz.minute': '还剩 1 分钟。',
    'quiz.timeout': '时间到，已自动提交。',
    'quiz.submit': '提交答案',
    'quiz.retry': '再试一次',
    'quiz.reset': '题目已重置，选项顺序已重新打乱。',
    'quiz.q': '第 {n} 题',
    'quiz.points': '（{points} 分）',
    'quiz.multi': '（多选）',
    'quiz.true': '对',
    'quiz.false': '错',
    'quiz.fill': '填写答案',
    'quiz.orderHint': '用“上移”“下移”按钮把各项排成正确顺序。',
    'quiz.up': '↑ 上移',
    'quiz.down': '↓ 下移',
    'quiz.upName': '上移：{item}',
    'quiz.downName': '下移：{item}',
    'quiz.moved': '“{item}”已移到第 {pos} 位，共 {total} 位。',
    'quiz.choose': '请选择',
    'quiz.elsewhere': '这类题（{type}）将在专门的练习中进行，敬请期待；不计入本次得分。',
    'quiz.type.reply': '自由回复',
    'quiz.type.scenario': '情景对话',
    'quiz.right': '正确',
    'quiz.wrong': '错误',
    'quiz.unanswered': '（未作答）',
    'quiz.answer': '正确答案：{answer}',
    'quiz.list': '；',
    'quiz.then': ' → ',
    'quiz.or': ' / ',
    'quiz.pair': '{left} → {right}',
    'quiz.explain': '解析：{text}',
    'quiz.pass': '通过',
    'quiz.fail': '未通过',
    'quiz.result': '得分 {score}%，{verdict}（及格线 {pass}%）。答对 {right}/{total} 题。',
    'quiz.time': '用时 {time}。',
    'quiz.noScore': '本测验暂无可计分的题目。',
    'quiz.see': '各题反馈见题目下方。',
    'quiz.unsaved': '注意：进度未能保存（{why}）。',
    'lesson.mark': '标记为已学',
    'lesson.done': '已学 · {date}',
    'lesson.todo': '尚未标记为已学',
    'lesson.marked': '已标记为已学。',
    'lesson.unmarked': '已取消“已学”标记。',
    'progress.title': '我的学习进度',
    'progress.summary': '已学课程 {learned}/{lessons} · 已通过测验 {passed}/{banks}',
    'progress.lessons': '课程',
    'progress.banks': '测验',
    'progress.learned': '已学（{date}）',
    'progress.notLearned': '未学',
    'progress.bank': '最好成绩 {best}% · {verdict} · 作答 {attempts} 次 · 累计用时 {time}',
    'progress.bankNone': '尚未作答',
    'progress.note': '{text}。',
    'progress.item': '{title} — {state}',
    'progress.noCourse': '无法加载课程目录，下面只列出已保存的记录。',
    'progress.empty': '还没有学习记录。',
    'progress.export': '导出进度',
    'progress.exportHint': '把进度保存为文件，可在其他浏览器或设备上导入。',
    'progress.import': '导入进度文件',
    'progress.imported': '导入成功：已合并 {lessons} 门已学课程、{banks} 个测验记录、{questions} 道题的作答。',
    'store.memory': '浏览器存储不可用，进度只在本页面打开期间有效',
    'store.newer': '本浏览器中的进度由更新版本的网站保存（格式版本 {version}），本页面不会修改它。请刷新页面或更新站点后再试',
    'store.recovered': '本浏览器中的进度数据已损坏，已另存为备份（{key}），现从空白进度开始',
    'store.full': '浏览器存储已满或被禁止写入',
    'import.json': '导入失败：文件不是有效的 JSON。现有进度未改动。',
    'import.format': '导入失败：这不是客服学院的进度文件。现有进度未改动。',
    'import.site': '导入失败：这个文件属于另一个站点（{site}），不能导入到本站。现有进度未改动。',
    'import.version': '导入失败：文件来自更新版本的网站（格式版本 {version}），本站只支持到版本 {supported}。现有进度未改动。',
    'import.content': '导入失败：文件内容不完整或已损坏。现有进度未改动。',
    'import.readonly': '导入失败：本浏览器中的进度来自更新版本的网站（格式版本 {version}），本页面不会修改它。现有进度未改动。',
    'import.read': '导入失败：无法读取文件。现有进度未改动。',
  },
};

const fallback = 'zh-CN';
let lang = fallback;

/** Pick the best table for a BCP 47 tag such as 'zh', 'zh-CN' or 'en-GB'. */
export function setLang(tag) {
  const want = String(tag || '').toLowerCase();
  const keys = Object.keys(table);
  lang = keys.find((k) => k.toLowerCase() === want)
    || keys.find((k) => k.toLowerCase().split('-')[0] === want.split('-')[0])
    || fallback;
  return lang;
}

/** Translate key, filling {name} placeholders from params. Unknown keys return the key. */
export function t(key, params = {}) {
  const s = table[lang]?.[key] ?? table[fallback][key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
}

/** mm:ss (or h:mm:ss) for a number of seconds. */
export function clock(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const p = (n) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  return (h ? h + ':' + p(Math.floor(s / 60) % 60) : p(Math.floor(s / 60))) + ':' + p(s % 60);
}

/** A date (ISO string) in the current language, e.g. 2026/11/20. */
export function day(iso) {
  const d = new Date(iso);
  return isNaN(d) ? '—' : d.toLocaleDateString(lang);
}
