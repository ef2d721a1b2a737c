"""Layout probes run in the page: what overflows the viewport, what is cut off, small targets,
and text squeezed into a column a word or two letters wide."""

from __future__ import annotations

WIDTHS = (320, 390, 1280)
PHONE = {"width": 360, "height": 740}
TOUCH = 44  # CSS px, the minimum for every target in the page's content

# Each probe is a script whose last value is a function: Playwright's evaluate() calls it. It
# returns lines "tag#id.class: what is wrong".
_DESCRIBE = """
const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
  + (typeof el.className === 'string' && el.className.trim()
    ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
"""

OVERFLOW = _DESCRIBE + """
() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  if (document.documentElement.scrollWidth > width) found.push('the page scrolls sideways');
  // Inside a box that scrolls sideways (an identifier kept on one line) nothing is lost.
  const scrolled = (el) => {
    for (let up = el.parentElement; up; up = up.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(up).overflowX)) return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll('body *')) {
    if (el.matches('.skip-link:not(:focus)')) continue;  // parked off screen until focused
    if (scrolled(el)) continue;
    const box = el.getBoundingClientRect();
    if (box.width && box.height && (box.right > width + 0.5 || box.left < -0.5)) {
      found.push(`${describe(el)}: spans ${Math.round(box.left)} to ${Math.round(box.right)} of ${width} px`);
    }
  }
  // A typed value longer than its field scrolls inside it, under the caret: not lost.
  const scrolls = '.visually-hidden, textarea, select, input:not([type=file])';
  for (const el of document.querySelectorAll('body *')) {
    if (el.matches(scrolls)) continue;
    const style = getComputedStyle(el);
    const clips = ['hidden', 'clip'];
    if ((clips.includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
        || (clips.includes(style.overflowY) && el.scrollHeight > el.clientHeight + 1)) {
      found.push(`${describe(el)}: text is cut off`);
    }
  }
  return found.slice(0, 5);
}
"""

# A word of four letters or more in a box narrower than 2.5 of its letters' size, on more than one
# line, has been broken into a letter or two per line: unreadable. (On one line it is only a short
# word: "(فارغ)" in a narrow Arabic font.)
SQUEEZED = _DESCRIBE + """
() => {
  const found = [];
  for (const el of document.querySelectorAll('main *')) {
    if (el.closest('.visually-hidden')) continue;  // for screen readers, 1 px on purpose
    const own = [...el.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE)
      .map((node) => node.textContent).join(' ').trim();
    if (!own.split(/\\s+/).some((word) => word.length >= 4)) continue;
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    const text = document.createRange();
    text.selectNodeContents(el);
    const lines = new Set([...text.getClientRects()].map((part) => Math.round(part.top))).size;
    if (box.width < 2.5 * parseFloat(getComputedStyle(el).fontSize) && lines > 1) {
      found.push(`${describe(el)} "${own.slice(0, 20)}": squeezed into ${Math.round(box.width)} px`);
    }
  }
  return found.slice(0, 5);
}
"""

# Buttons, form controls, nav and card links; links inside running text are exempt (WCAG 2.5.5).
SMALL_TARGETS = _DESCRIBE + """
(minimum) => {
  const block = (el) => {
    let up = el.parentElement;
    while (up && getComputedStyle(up).display.startsWith('inline')) up = up.parentElement;
    return up;
  };
  const inText = (el) => getComputedStyle(el).display === 'inline'
    && block(el).textContent.trim() !== el.textContent.trim();
  const found = [];
  const targets = 'main a[href], main button, main input:not([type=hidden]), main select, main textarea, '
    + 'main summary, header a[href], header button, footer button';
  for (const el of document.querySelectorAll(targets)) {
    if (el.closest('details:not([open])') && el.tagName !== 'SUMMARY') continue;
    if (el.tagName === 'A' && inText(el)) continue;
    const hit = el.matches('[type=checkbox], [type=radio]') && el.closest('label') || el;
    const box = hit.getBoundingClientRect();
    if (!box.width && !box.height) continue;  // not shown
    if (box.width < minimum - 0.5 || box.height < minimum - 0.5) {
      const name = (el.textContent || el.name || '').trim().slice(0, 30);
      found.push(`${describe(el)} "${name}": ${Math.round(box.width)}×${Math.round(box.height)} px`);
    }
  }
  return found;
}
"""


def layout_problems(page, language: str) -> list[str]:
    """Overflow and squeezed text at each width, overflow at 320 px with text at 200 %; small
    targets at 360 px.

    The same in every language; ``language`` is there to match the other page checks.
    """
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 740})
        found += [f"{width} px: {problem}" for problem in page.evaluate(OVERFLOW)]
        found += [f"{width} px: {problem}" for problem in page.evaluate(SQUEEZED)]
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    page.set_viewport_size({"width": 320, "height": 740})
    found += [f"200% text at 320 px: {problem}" for problem in page.evaluate(OVERFLOW)]
    page.evaluate("document.documentElement.style.fontSize = ''")
    page.set_viewport_size(PHONE)
    found += [f"small target at 360 px: {small}" for small in page.evaluate(SMALL_TARGETS, TOUCH)]
    return found
