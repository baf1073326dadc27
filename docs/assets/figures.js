/* convdocs figures: load lazy drawings when the reader opens them, and enlarge any figure on tap.
 *
 * Lazy figures (<figure class="convdocs-figure" data-src="…svg">, written by convdocs/site/hooks.py)
 * hold only a link until the collapsed block around them is opened (or, outside one, until they scroll
 * near the screen); then the drawing is fetched and put inline, so it takes the page's colours.
 * Every figure gets an "Enlarge" button under its drawing (and the drawing itself is clickable) that shows it
 * in a full-screen modal <dialog>, at least 1.5 times its own size (scrolling where the screen is narrower);
 * Escape, the Close button or a click outside closes it.
 */
(() => {
  "use strict";
  const FIGURES = "figure.convdocs-figure, figure.convdocs-layer-figure";
  let dialog = null;
  let opener = null;

  function zoomable(figure, index) {
    const svg = figure.querySelector(":scope > svg");
    if (figure.querySelector(":scope > .cd-zoom") || !svg) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "cd-zoom";
    button.setAttribute("aria-label", `Enlarge figure ${index + 1}`);
    button.textContent = "⤢ Enlarge";
    svg.after(button);  // a row of its own under the drawing: it never covers it
  }

  function inflate(figure) {
    if (figure.dataset.state) return;
    figure.dataset.state = "loading";
    fetch(figure.dataset.src)
      .then((response) => {
        if (!response.ok) throw new Error(`${figure.dataset.src}: HTTP ${response.status}`);
        return response.text();
      })
      .then((text) => {
        const parsed = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
        if (parsed.nodeName !== "svg") throw new Error(`${figure.dataset.src}: not an SVG drawing`);
        const link = figure.querySelector(":scope > a.convdocs-lazy");
        const drawing = document.importNode(parsed, true);
        if (link) link.replaceWith(drawing);
        else figure.prepend(drawing);
        figure.dataset.state = "loaded";
        zoomable(figure, [...document.querySelectorAll(FIGURES)].indexOf(figure));
      })
      .catch((error) => {
        figure.dataset.state = "failed";  // the link to the drawing stays
        console.warn(error);
      });
  }

  function lazy() {
    const near = "IntersectionObserver" in window
      ? new IntersectionObserver((entries) => {
          for (const entry of entries) {
            if (entry.isIntersecting) {
              near.unobserve(entry.target);
              inflate(entry.target);
            }
          }
        }, { rootMargin: "400px" })
      : null;
    for (const figure of document.querySelectorAll("figure[data-src]")) {
      const details = figure.closest("details");
      if (details) {
        if (details.open) inflate(figure);
        else details.addEventListener("toggle", () => details.open && inflate(figure));
      } else if (near) near.observe(figure);
      else inflate(figure);
    }
  }

  function close() {
    if (!dialog?.open) return;
    dialog.close();
  }

  function open(figure) {
    const svg = figure.querySelector(":scope > svg");
    if (!svg) return;
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.className = "cd-zoom-dialog";
      dialog.setAttribute("aria-label", "Enlarged figure");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "cd-zoom-close md-button";
      button.textContent = "Close";
      button.addEventListener("click", close);
      const body = document.createElement("div");
      body.className = "cd-zoom-body";
      dialog.append(button, body);
      dialog.addEventListener("click", (event) => {
        if (event.target === dialog) close();  // a click on the backdrop
      });
      dialog.addEventListener("close", () => {
        dialog.querySelector(".cd-zoom-body").replaceChildren();
        opener?.focus();
      });
      document.body.append(dialog);
    }
    const caption = figure.querySelector("figcaption");
    const copy = svg.cloneNode(true);
    const body = dialog.querySelector(".cd-zoom-body");
    body.replaceChildren(copy);

    if (caption) {
      const text = document.createElement("p");
      text.textContent = caption.textContent;
      body.append(text);
    }
    dialog.showModal();
    // as large as the screen allows (80% of its height), and never under 1.5 times the drawing's own size
    const box = svg.viewBox.baseVal;
    const own = box?.width || svg.clientWidth;
    const fit = Math.min(body.clientWidth, box?.height ? (innerHeight * 0.8 * box.width) / box.height : Infinity);
    copy.style.width = `${Math.round(Math.max(fit, 1.5 * own))}px`;
    dialog.querySelector(".cd-zoom-close").focus();
  }

  function start() {
    document.querySelectorAll(FIGURES).forEach(zoomable);
    document.addEventListener("click", (event) => {
      const target = event.target instanceof Element ? event.target : null;
      const figure = target?.closest(FIGURES);
      if (!figure || target.closest("a")) return;
      if (target.closest(".cd-zoom") || target.closest("svg")) {
        opener = figure.querySelector(":scope > .cd-zoom");
        open(figure);
      }
    });
    lazy();
  }

  // in a task of its own: run inside DOMContentLoaded, it would lengthen the theme's start-up task there
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => setTimeout(start));
  else start();
})();
