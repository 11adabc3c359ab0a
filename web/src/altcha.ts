/*
 * Self-hosted ALTCHA widget (<altcha-widget>), npm package "altcha" 2.x.
 *
 * We bundle the package's CSP-friendly "external" build:
 *   - no inline <style> injection: the widget CSS is appended to site.css by build.mjs;
 *   - no blob:/data: Web Worker: the proof-of-work worker is served as our own
 *     fingerprinted file (/dist/altcha-worker.<hash>.js, injected at build time).
 * The widget only ever contacts the URL in its `challengeurl` attribute (our
 * /captcha/challenge). Do NOT set verifyurl, spamfilter, sentinel, floating/overlay
 * or the obfuscation/upload plugins; see web/README.md.
 */
import "altcha/external";
// Vietnamese strings; the widget picks vi/en from <html lang> (or the `language` attribute)
import "altcha/i18n/vi";

declare const __ALTCHA_WORKER_URL__: string;

// Replace the package's worker factory (which resolves "./worker.js" against import.meta.url)
// with our fingerprinted same-origin worker. A `workerurl` attribute still wins if set.
(globalThis as unknown as { altchaCreateWorker: (url?: string) => Worker }).altchaCreateWorker = (url?: string) =>
  new Worker(new URL(url || __ALTCHA_WORKER_URL__, location.href));
