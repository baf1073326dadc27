/* convdocs explorer, the way out of a refusal (issue 23): the nearest configuration torch accepts (the core's
 * assets/core/nearest.mjs), offered as one button under the error (data-testid nearest-valid) that sets the
 * controls it changes. A part loaded on the first refusal (window.convdocsNearest). */
import { nearestValid } from "./core/nearest.mjs";
import { say } from "./core/words.mjs";

const T = window.convdocsExplorer.text;

/* Under a refusal of cfg: the button, if a nearest configuration is found; update(event) is the page's. */
function offer(root, cfg, update) {
  const $ = (id) => root.querySelector(`#cd-${id}`);
  const near = nearestValid(cfg, T);
  if (!near) return;
  const label = (id) => root.querySelector(`label[for=cd-${id}]`).textContent;
  const changes = near.changes.map((c) => say(T, "nearest.change", { label: label(c.control), value: c.text }));
  $("nearest").textContent = say(T, "nearest.offer", { changes: changes.join(", ") });
  $("nearest").onclick = () => {
    for (const c of near.changes) $(c.control).value = c.text;
    update({ target: $(near.changes[0].control) });
  };
  $("nearest-line").hidden = false;
}

window.convdocsNearest = { offer };
