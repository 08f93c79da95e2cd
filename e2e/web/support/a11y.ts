import type { Page } from 'playwright-core';

/**
 * WCAG 2.1 AA basics checked in the page: text contrast (4.5:1, 3:1 for large text) against the first opaque
 * background behind it, an accessible name for every form control, button and link, alt text on images, one <main>,
 * and a page language. Returns the problems found (empty = passes).
 */
export function a11yProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number) as [number, number, number, number?];
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const background = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length >= 3 && (c[3] === undefined || c[3] > 0.5)) return c;
      }
      return [255, 255, 255];
    };
    const visible = (e: Element) => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e); return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && r.left > -1000; };
    const label = (e: Element) => (e.getAttribute('aria-label') ?? '').trim() || (e.getAttribute('aria-labelledby') ?? '').split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join('').trim()
      || ((e as HTMLInputElement).labels ? Array.from((e as HTMLInputElement).labels ?? []).map((l) => l.textContent).join('').trim() : '') || (e.getAttribute('title') ?? '').trim();
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      if (!visible(el) || el.closest('.frame')) continue; // the viewer shows the archive's own image
      const own = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
      if (!own) continue;
      const s = getComputedStyle(el);
      const fg = rgb(s.color);
      const bg = background(el);
      const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a) as [number, number];
      const ratio = (l1 + 0.05) / (l2 + 0.05);
      const px = parseFloat(s.fontSize);
      const large = px >= 24 || (px >= 18.66 && Number(s.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) problems.push(`contrast ${ratio.toFixed(2)} "${el.textContent!.trim().slice(0, 30)}" (${s.color} on rgb(${bg.slice(0, 3).join(',')}))`);
    }
    for (const el of Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))) {
      if (visible(el) && !label(el)) problems.push(`form control without a label: ${el.outerHTML.slice(0, 80)}`);
    }
    for (const el of Array.from(document.querySelectorAll('button, a[href]'))) {
      if (visible(el) && !(el.textContent ?? '').trim() && !label(el)) problems.push(`no accessible name: ${el.outerHTML.slice(0, 80)}`);
    }
    for (const img of Array.from(document.querySelectorAll('img'))) if (!img.hasAttribute('alt')) problems.push(`img without alt: ${img.src.slice(-60)}`);
    if (document.querySelectorAll('main').length !== 1) problems.push('not exactly one <main>');
    if (!document.documentElement.lang) problems.push('no page language');
    return problems;
  });
}
