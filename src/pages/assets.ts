/**
 * The site's one stylesheet and one script, served from `/assets/` so the pages'
 * Content-Security-Policy can forbid every inline style and script. No web fonts:
 * system font stacks only. The script is progressive enhancement: it reveals the
 * Copy buttons beside feed addresses; without it the addresses are still there.
 */

export const STYLESHEET = `:root {
  color-scheme: light dark;
  --fg: #1f2023;
  --bg: #fbfaf7;
  --muted: #595c62;
  --accent: #0a58a8;
  --panel: #eef2f7;
  --rule: #dedbd3;
  --field: #ffffff;
  --alert: #b3261e;
  --alert-bg: #fdecea;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  --serif: "Iowan Old Style", "Palatino Linotype", Palatino, Charter, Georgia, "Times New Roman", serif;
  --mono: ui-monospace, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e7e5e0;
    --bg: #141517;
    --muted: #a6a9ae;
    --accent: #8fbcf7;
    --panel: #1c2330;
    --rule: #30333a;
    --field: #101113;
    --alert: #f2b8b5;
    --alert-bg: #3a1d1c;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 1.0625rem/1.65 var(--serif); overflow-wrap: break-word; }
.wrap { max-width: 44rem; margin: 0 auto; padding: 0 1.25rem; }
a { color: var(--accent); text-underline-offset: 0.15em; text-decoration-thickness: 1px; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.skip { position: absolute; left: -100vw; top: 0.5rem; padding: 0.5rem 1rem; background: var(--bg); font-family: var(--sans); z-index: 1; }
.skip:focus { left: 0.5rem; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }

.masthead { border-bottom: 1px solid var(--rule); font-family: var(--sans); }
.masthead .wrap { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 0.5rem 1.5rem; padding-top: 1rem; padding-bottom: 1rem; }
.brand { font-weight: 700; font-size: 1.2rem; color: var(--fg); text-decoration: none; letter-spacing: -0.01em; }
.masthead ul { display: flex; gap: 1.25rem; list-style: none; margin: 0; padding: 0; }
.masthead nav a { color: var(--muted); text-decoration: none; font-size: 0.95rem; }
.masthead nav a:hover, .masthead nav a[aria-current] { color: var(--fg); text-decoration: underline; }

main.wrap { padding-top: 2.25rem; padding-bottom: 3.5rem; }
h1, h2, h3 { font-family: var(--sans); line-height: 1.25; letter-spacing: -0.01em; text-wrap: balance; }
h1 { font-size: clamp(1.6rem, 5vw, 2.25rem); margin: 0 0 0.75rem; }
h2 { font-size: 1.25rem; margin: 2.5rem 0 1rem; }
h3 { font-size: 1.1rem; margin: 0 0 0.25rem; }
.lead { font-size: 1.15rem; margin-top: 0; }
.lead .avatar { float: left; border-radius: 50%; margin: 0.2rem 0.8rem 0.4rem 0; }
.meta, .muted, .count { color: var(--muted); font-family: var(--sans); font-size: 0.875rem; }

.entries { list-style: none; margin: 0; padding: 0; }
.entries li { padding: 1.25rem 0; border-top: 1px solid var(--rule); }
.entries h3 a { color: var(--fg); text-decoration: none; }
.entries h3 a:hover { text-decoration: underline; }
.entries p { margin: 0.3rem 0 0; }

.topics { list-style: none; display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0; padding: 0; font-family: var(--sans); font-size: 0.9rem; }
.topics a { display: inline-block; padding: 0.2rem 0.7rem; border: 1px solid var(--rule); border-radius: 999px; text-decoration: none; }
.topics a:hover { border-color: var(--accent); }
.topics .count { font-size: 0.8rem; }

.tag-index { list-style: none; margin: 0; padding: 0; }
.tag-index li { display: grid; grid-template-columns: 1fr auto; gap: 0 1rem; padding: 0.9rem 0; border-top: 1px solid var(--rule); }
.tag-index .name { font: 600 1.05rem/1.4 var(--sans); }
.tag-index p { grid-column: 1 / -1; margin: 0.2rem 0 0; }
.tag-index .follow { font-family: var(--sans); font-size: 0.9rem; }
.tag-index input { width: 1.15rem; height: 1.15rem; margin: 0 0.45rem 0 0; vertical-align: -0.15em; accent-color: var(--accent); }
.combine fieldset { margin: 1.5rem 0 0; padding: 0.75rem 1.25rem 1.25rem; border: 1px solid var(--rule); border-radius: 0.75rem; background: var(--panel); font-family: var(--sans); font-size: 0.95rem; }
.combine legend { padding: 0 0.4rem; font-weight: 700; }
.choices label { display: block; margin: 0.35rem 0; }
.choices input { margin: 0 0.5rem 0 0; accent-color: var(--accent); }

.subscribe { margin: 2rem 0; padding: 1.25rem 1.25rem 0.75rem; border: 1px solid var(--rule); border-radius: 0.75rem; background: var(--panel); font-family: var(--sans); font-size: 0.95rem; }
.subscribe h2 { margin-top: 0; }
.feed-url { display: grid; grid-template-columns: 6rem minmax(0, 1fr) auto; gap: 0.5rem; align-items: center; margin: 0.6rem 0; }
.feed-url label { font-weight: 600; }
.feed-url input { width: 100%; min-width: 0; font: 0.875rem/1.4 var(--mono); padding: 0.5rem 0.6rem; border: 1px solid var(--rule); border-radius: 0.4rem; background: var(--field); color: var(--fg); }
button { font: 600 0.875rem/1.4 var(--sans); padding: 0.5rem 0.9rem; border-radius: 0.4rem; border: 1px solid var(--accent); background: var(--accent); color: var(--bg); cursor: pointer; }
button[data-copied] { background: var(--field); color: var(--accent); }
.copy-status { min-height: 1.5em; margin: 0.25rem 0; }
@media (max-width: 36rem) {
  .feed-url { grid-template-columns: minmax(0, 1fr) auto; }
  .feed-url label { grid-column: 1 / -1; margin-bottom: -0.3rem; }
}

.article-head { margin-bottom: 1.5rem; }
.prose { font-size: 1.125rem; }
.prose img { max-width: 100%; height: auto; }
.prose blockquote { margin: 1.5rem 0; padding-left: 1rem; border-left: 3px solid var(--rule); color: var(--muted); }
.prose table { display: block; max-width: 100%; overflow-x: auto; border-collapse: collapse; }
.prose th, .prose td { padding: 0.3rem 0.6rem; border: 1px solid var(--rule); }
.prose pre { overflow-x: auto; padding: 1rem; background: var(--panel); border-radius: 0.5rem; font-size: 0.9rem; }
code { font-family: var(--mono); font-size: 0.9em; }
.article-foot { margin-top: 2.5rem; padding-top: 1rem; border-top: 1px solid var(--rule); }
.article-foot h2 { margin-top: 0.5rem; font-size: 1rem; }
.readers li { margin: 0.35rem 0; }

.table-scroll { max-width: 100%; overflow-x: auto; }
table.stats { border-collapse: collapse; font: 0.95rem/1.4 var(--sans); }
table.stats caption { text-align: left; color: var(--muted); padding-bottom: 0.5rem; }
table.stats th, table.stats td { padding: 0.35rem 0.6rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
table.stats small { color: var(--muted); }
.chart { display: block; max-width: none; }

.build-problems { margin: 0 0 2rem; padding: 1rem 1.25rem; border: 2px solid var(--alert); border-radius: 0.75rem; background: var(--alert-bg); font: 0.95rem/1.5 var(--sans); }
.build-problems p { margin: 0 0 0.5rem; }
.build-problems ul { margin: 0; padding-left: 1.25rem; }
.build-problems li { margin: 0.25rem 0; }
.build-problems code { overflow-wrap: anywhere; }
.build-warnings, .preview-notice { margin: 0 0 2rem; padding: 1rem 1.25rem; border: 2px dashed var(--alert); border-radius: 0.75rem; font: 0.95rem/1.5 var(--sans); }
.build-warnings p { margin: 0 0 0.5rem; }
.build-warnings ul { margin: 0; padding-left: 1.25rem; }
.build-warnings code { overflow-wrap: anywhere; }

.colophon { border-top: 1px solid var(--rule); color: var(--muted); font: 0.875rem/1.5 var(--sans); padding: 1.5rem 0 2.5rem; }
.colophon p { margin: 0.25rem 0; }
`;

export const SCRIPT = `"use strict";
// Copy buttons beside feed addresses (subscribe blocks). The buttons ship hidden, so a
// browser without this script shows the addresses alone.
(function () {
  var buttons = Array.prototype.slice.call(document.querySelectorAll("button[data-copy]"));
  function fallbackCopy(button) {
    var input = button.parentElement && button.parentElement.querySelector("input");
    if (!input) return false;
    input.focus();
    input.select();
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }
  function report(button, copied) {
    buttons.forEach(function (other) {
      other.textContent = "Copy";
      other.removeAttribute("data-copied");
    });
    if (copied) {
      button.textContent = "Copied";
      button.setAttribute("data-copied", "");
    }
    var block = button.closest(".subscribe");
    var status = block && block.querySelector("[role=status]");
    if (status) {
      status.textContent = copied
        ? button.getAttribute("data-label") + " feed URL copied"
        : "Could not copy: select the address and copy it by hand.";
    }
  }
  buttons.forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = button.getAttribute("data-copy") || "";
      var clipboard = navigator.clipboard;
      if (!clipboard) return report(button, fallbackCopy(button));
      clipboard.writeText(text).then(
        function () { report(button, true); },
        function () { report(button, fallbackCopy(button)); }
      );
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll(".feed-url input"), function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });
})();
`;
