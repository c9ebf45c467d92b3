let n = 0;
export const uid = (p = 'academy') => `${p}-${++n}`;

// h(tag, {attr: value, onevent: fn}, ...children); false/null attributes are left out
export function h(tag, attrs = {}, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  el.append(...kids.flat(Infinity).filter((k) => k != null && k !== false && k !== ''));
  return el;
}

// live region: clear first so a repeated message is announced again
export function say(region, text) {
  region.textContent = '';
  setTimeout(() => { region.textContent = text; }, 50);
}
