/*
 * FeedbackPortal site.js — progressive enhancement only.
 * Every page must work without this file; each module looks for its markup and
 * does nothing when it is absent. See web/README.md for the expected HTML.
 */

import { initCommunePicker } from "./communes";

const doc = document;
const isVi = (doc.documentElement.lang || "vi").toLowerCase().startsWith("vi");
const t = (vi: string, en: string): string => (isVi ? vi : en);

/* ---------- shared polite live region ---------- */
let liveRegion: HTMLElement | null = null;
let announceTimer = 0;

function announce(message: string): void {
  if (!liveRegion) {
    liveRegion = doc.createElement("div");
    liveRegion.className = "fp-visually-hidden";
    liveRegion.setAttribute("aria-live", "polite");
    liveRegion.setAttribute("aria-atomic", "true");
    doc.body.appendChild(liveRegion);
  }
  const region = liveRegion;
  // clear first so repeating the same message is announced again
  region.textContent = "";
  window.clearTimeout(announceTimer);
  announceTimer = window.setTimeout(() => {
    region.textContent = message;
  }, 100);
}

function format(template: string, n: number): string {
  return template.replace(/\{n\}/g, String(n));
}

/* ---------- (a) copy to clipboard ---------- */
async function writeClipboard(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* fall through to the legacy path */
  }
  const area = doc.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.top = "-100px";
  area.style.opacity = "0";
  doc.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = doc.execCommand("copy");
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

function initCopy(): void {
  doc.querySelectorAll<HTMLElement>("[data-copy-target]").forEach((button) => {
    const id = (button.getAttribute("data-copy-target") || "").replace(/^#/, "");
    const target = id ? doc.getElementById(id) : null;
    if (!target) return;
    button.hidden = false;
    button.removeAttribute("hidden");
    const original = button.textContent;
    let resetTimer = 0;
    button.addEventListener("click", async (event) => {
      event.preventDefault();
      const text = (target.textContent || "").trim();
      const ok = await writeClipboard(text);
      const message = ok
        ? button.getAttribute("data-copied-text") || t("Đã sao chép", "Copied")
        : button.getAttribute("data-copy-failed-text") || t("Không sao chép được, hãy tự chọn và sao chép", "Could not copy, please select and copy it yourself");
      announce(message);
      if (ok) {
        button.textContent = message;
        window.clearTimeout(resetTimer);
        resetTimer = window.setTimeout(() => {
          button.textContent = original;
        }, 3000);
      }
    });
  });
}

/* ---------- (b) character counters ---------- */
function initCharacterCounts(): void {
  doc
    .querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("textarea[data-maxlength], input[data-maxlength]")
    .forEach((field) => {
      const max = parseInt(field.getAttribute("data-maxlength") || "", 10);
      const message = field.id ? doc.getElementById(field.id + "-count") : null;
      if (!message || !(max > 0)) return;
      const underTemplate =
        field.getAttribute("data-count-template") ||
        message.getAttribute("data-count-template") ||
        t("Còn {n} ký tự", "You have {n} characters remaining");
      const overTemplate =
        field.getAttribute("data-count-over-template") ||
        message.getAttribute("data-count-over-template") ||
        t("Vượt quá {n} ký tự", "You have {n} characters too many");

      const describedBy = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
      if (!describedBy.includes(message.id)) {
        describedBy.push(message.id);
        field.setAttribute("aria-describedby", describedBy.join(" "));
      }

      const errorClass = field.tagName === "TEXTAREA" ? "fp-textarea--error" : "fp-input--error";
      let timer = 0;
      const text = (): string => {
        // UTF-16 length, same as HTML maxlength and .NET string.Length (server should normalise \r\n to \n)
        const remaining = max - field.value.length;
        return remaining >= 0 ? format(underTemplate, remaining) : format(overTemplate, -remaining);
      };
      const update = (speak: boolean): void => {
        const value = text();
        message.textContent = value;
        const over = field.value.length > max;
        message.classList.toggle("fp-character-count__message--over", over);
        // keep the server-rendered error state (aria-invalid) when back under the limit
        if (over || !field.hasAttribute("aria-invalid")) field.classList.toggle(errorClass, over);
        if (speak) {
          // announce once the user pauses typing rather than on every keystroke
          window.clearTimeout(timer);
          timer = window.setTimeout(() => announce(text()), 1000);
        }
      };
      field.addEventListener("input", () => update(true));
      update(false);
    });
}

/* ---------- (c) error summary ---------- */
function initErrorSummary(): void {
  const summary = doc.querySelector<HTMLElement>(".fp-error-summary");
  if (!summary) return;
  if (!summary.hasAttribute("tabindex")) summary.setAttribute("tabindex", "-1");
  summary.focus();
  // clicking "#field-id" links: focus the field and scroll its label/legend into view
  summary.addEventListener("click", (event) => {
    const link = (event.target as Element).closest?.("a");
    const href = link?.getAttribute("href") || "";
    if (!href.startsWith("#") || href.length < 2) return;
    const input = doc.getElementById(decodeURIComponent(href.slice(1)));
    if (!input) return;
    event.preventDefault();
    const legend = input.closest("fieldset")?.querySelector("legend");
    const label = (input.id && doc.querySelector(`label[for="${CSS.escape(input.id)}"]`)) || legend || input;
    label.scrollIntoView();
    input.focus({ preventScroll: true });
  });
}

/* ---------- (d) similar-case suggestions ---------- */
interface SimilarItem {
  trackingCode?: unknown;
  title?: unknown;
  status?: unknown;
  url?: unknown;
}

function safeUrl(raw: unknown): string | null {
  if (typeof raw !== "string" || raw === "") return null;
  try {
    const url = new URL(raw, location.href);
    // only same-origin http(s) links: never javascript:, data:, or another host
    if (url.origin !== location.origin || !/^https?:$/.test(url.protocol)) return null;
    return url.pathname + url.search + url.hash;
  } catch {
    return null;
  }
}

function str(v: unknown): string {
  return typeof v === "string" || typeof v === "number" ? String(v) : "";
}

function initSimilar(): void {
  doc.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("[data-similar-url]").forEach((input) => {
    const endpoint = input.getAttribute("data-similar-url") || "";
    const container =
      (input.id && doc.querySelector<HTMLElement>(`[data-similar-results="${CSS.escape(input.id)}"]`)) ||
      input.form?.querySelector<HTMLElement>("[data-similar-results]") ||
      doc.querySelector<HTMLElement>("[data-similar-results]");
    if (!endpoint || !container) return;
    const minLength = parseInt(container.getAttribute("data-min-length") || "4", 10);
    const heading = container.getAttribute("data-heading") || t("Các phản ánh, kiến nghị tương tự", "Similar cases");
    const foundTemplate =
      container.getAttribute("data-announce-template") || t("Tìm thấy {n} phản ánh tương tự", "{n} similar cases found");
    let labels: Record<string, string> = {};
    try {
      labels = JSON.parse(container.getAttribute("data-status-labels") || "{}") as Record<string, string>;
    } catch {
      labels = {};
    }

    let timer = 0;
    let controller: AbortController | null = null;
    let lastQuery = "";

    const render = (items: SimilarItem[]): void => {
      container.replaceChildren();
      if (!items.length) return;
      const title = doc.createElement("h2");
      title.className = "fp-heading-s";
      title.textContent = heading;
      const list = doc.createElement("ul");
      list.className = "fp-similar__list";
      for (const item of items.slice(0, 10)) {
        const href = safeUrl(item.url);
        const text = str(item.title);
        if (!href || !text) continue;
        const li = doc.createElement("li");
        const a = doc.createElement("a");
        a.href = href;
        a.textContent = text; // textContent: server data is never parsed as HTML
        li.appendChild(a);
        const code = str(item.trackingCode);
        if (code) {
          const c = doc.createElement("span");
          c.className = "fp-code fp-body-s";
          c.textContent = " " + code;
          li.append(" ", c);
        }
        const status = str(item.status);
        if (status) {
          const tag = doc.createElement("span");
          const key = status.toLowerCase();
          tag.className = /^[a-z_]+$/.test(key) ? `fp-tag fp-tag--${key}` : "fp-tag";
          tag.textContent = labels[key] || labels[status] || status;
          li.append(" ", tag);
        }
        list.appendChild(li);
      }
      if (!list.children.length) return;
      container.append(title, list);
      announce(format(foundTemplate, list.children.length));
    };

    const search = async (): Promise<void> => {
      const q = input.value.trim();
      if (q === lastQuery) return;
      lastQuery = q;
      controller?.abort();
      if (q.length < minLength) {
        render([]);
        return;
      }
      controller = new AbortController();
      try {
        const url = new URL(endpoint, location.href);
        url.searchParams.set("q", q);
        const response = await fetch(url.toString(), {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
          signal: controller.signal,
        });
        if (!response.ok) return;
        const data = (await response.json()) as { items?: unknown };
        render(Array.isArray(data?.items) ? (data.items as SimilarItem[]) : []);
      } catch {
        /* aborted or offline: suggestions are optional */
      }
    };

    input.addEventListener("input", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 400);
    });
  });
}

/* ---------- (e) no double submission ---------- */
// A second press within a second (impatient tap on a slow phone) is ignored, so one
// form is not sent twice. Opt in with data-prevent-double-click="true" on the submit button.
function initDoubleClick(): void {
  doc.querySelectorAll<HTMLElement>('[data-prevent-double-click="true"]').forEach((button) => {
    let last = 0;
    button.addEventListener("click", (event) => {
      const now = Date.now();
      if (now - last < 1000) event.preventDefault();
      else last = now;
    });
  });
}

function init(): void {
  doc.documentElement.classList.add("fp-js");
  initCopy();
  initCharacterCounts();
  initSimilar();
  initCommunePicker(announce);
  initDoubleClick();
  initErrorSummary();
}

if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", init);
else init();
