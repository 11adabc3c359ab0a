/*
 * Commune type-ahead (progressive enhancement of the province → commune selects).
 * Without this file the form has a province select, a commune select and a
 * "show communes" button that reloads the form with the province's communes.
 * With it: the commune list follows the province at once, and a search box asks
 * /api/v1/communes, which folds diacritics on the server ("cam giang" finds Cẩm Giàng)
 * and ranks the name typed with its tone marks first. Markup: [data-commune-picker].
 */

interface CommuneItem {
  code?: unknown;
  locality?: unknown;
  name?: unknown;
  localityName?: unknown;
}

interface ProvinceMatch {
  code?: unknown;
  name?: unknown;
  formerly?: unknown;
}

const s = (v: unknown): string => (typeof v === "string" ? v : "");

export function initCommunePicker(announce: (message: string) => void): void {
  document.querySelectorAll<HTMLElement>("[data-commune-picker]").forEach((group) => {
    const endpoint = group.getAttribute("data-communes-url") || "";
    const select = group.querySelector<HTMLSelectElement>("select");
    const province = document.getElementById(group.getAttribute("data-locality-select") || "") as HTMLSelectElement | null;
    if (!endpoint || !select || !province) return;
    const noneLabel = group.getAttribute("data-none-label") || "";
    const noMatch = group.getAttribute("data-no-match") || "";
    const resultsTemplate = group.getAttribute("data-results-template") || "{0}";
    const formerlyTemplate = group.getAttribute("data-formerly-template") || "{0}";

    // The list follows the province at once: the no-JavaScript step button is not needed.
    group.querySelector<HTMLElement>("[data-commune-step]")?.remove();

    const searchId = `${select.id}-search`;
    const label = document.createElement("label");
    label.className = "fp-label fp-body-s";
    label.htmlFor = searchId;
    label.textContent = group.getAttribute("data-search-label") || "";
    const input = document.createElement("input");
    input.type = "text";
    input.id = searchId;
    input.className = "fp-input fp-input--w-20";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.setAttribute("data-commune-search", "");
    const results = document.createElement("ul");
    results.className = "fp-similar__list";
    results.setAttribute("data-commune-results", "");
    select.before(label, input, results);

    const url = (params: Record<string, string>): string => {
      const u = new URL(endpoint, location.href);
      for (const [k, v] of Object.entries(params)) if (v) u.searchParams.set(k, v);
      return u.toString();
    };
    const get = async (params: Record<string, string>, signal?: AbortSignal): Promise<{ items: CommuneItem[]; province: ProvinceMatch | null }> => {
      const response = await fetch(url(params), { headers: { Accept: "application/json" }, credentials: "same-origin", signal });
      if (!response.ok) return { items: [], province: null };
      const data = (await response.json()) as { items?: unknown; province?: unknown };
      return {
        items: Array.isArray(data?.items) ? (data.items as CommuneItem[]) : [],
        province: data?.province && typeof data.province === "object" ? (data.province as ProvinceMatch) : null,
      };
    };

    // The select always holds the chosen province's communes: it is what the form posts.
    const fill = async (locality: string, chosen = ""): Promise<void> => {
      const { items } = locality ? await get({ locality }) : { items: [] };
      const options = [new Option(noneLabel, "")];
      for (const item of items) options.push(new Option(s(item.name), s(item.code), false, s(item.code) === chosen));
      select.replaceChildren(...options);
    };

    province.addEventListener("change", () => {
      void fill(province.value);
    });
    select.addEventListener("change", () => results.replaceChildren());

    const choose = async (locality: string, code: string): Promise<void> => {
      if (province.value !== locality) {
        province.value = locality;
        province.dispatchEvent(new Event("input", { bubbles: true }));
      }
      await fill(locality, code);
      results.replaceChildren();
      input.value = "";
      select.focus();
    };

    const button = (text: string, onClick: () => void): HTMLLIElement => {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.className = "fp-link-button";
      b.textContent = text; // textContent: server data is never parsed as HTML
      b.addEventListener("click", onClick);
      li.appendChild(b);
      return li;
    };

    let timer = 0;
    let controller: AbortController | null = null;
    const search = async (): Promise<void> => {
      const q = input.value.trim();
      controller?.abort();
      if (q.length < 2) {
        results.replaceChildren();
        return;
      }
      controller = new AbortController();
      try {
        const { items, province: match } = await get({ locality: province.value, q }, controller.signal);
        const rows: HTMLLIElement[] = [];
        if (match && s(match.code)) {
          const formerly = s(match.formerly);
          const text = formerly ? `${s(match.name)} (${formerlyTemplate.replace("{0}", formerly)})` : s(match.name);
          rows.push(button(text, () => void choose(s(match.code), "")));
        }
        for (const item of items) {
          const text = province.value === s(item.locality) ? s(item.name) : `${s(item.name)}, ${s(item.localityName)}`;
          rows.push(button(text, () => void choose(s(item.locality), s(item.code))));
        }
        results.replaceChildren(...rows);
        announce(rows.length ? resultsTemplate.replace("{0}", String(rows.length)) : noMatch);
      } catch {
        /* aborted or offline: the select still works */
      }
    };
    input.addEventListener("input", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 250);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        // Enter picks the best match instead of sending the whole form.
        event.preventDefault();
        results.querySelector<HTMLButtonElement>("button")?.click();
      }
    });
  });
}
