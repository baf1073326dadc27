/* convdocs explorer, an unusable address value reported beside the control it sets (issue 25): a note after the
 * control (data-testid url-error-<control id>), which the control names in its aria-describedby. A part loaded
 * when the address holds such a value (explorer-address.js lists them); the next change of a control clears them. */

/* notes: [[control id, sentence], ...]; a control gets one note, the first. */
function show(root, notes) {
  for (const [id, message] of notes) {
    const control = root.querySelector(`#cd-${id}`);
    if (!control || root.querySelector(`#cd-url-error-${id}`)) continue;
    const note = document.createElement("span");
    note.id = `cd-url-error-${id}`;
    note.className = "cd-url-error cd-error";
    note.setAttribute("data-testid", `url-error-${id}`);
    note.setAttribute("data-control", id);
    note.textContent = message;
    (control.parentElement.classList.contains("cd-num") ? control.parentElement : control).after(note);
    control.setAttribute("aria-describedby", `${control.getAttribute("aria-describedby") || ""} ${note.id}`.trim());
  }
}

/* The notes gone, and the controls' links to them. */
function clear(root) {
  for (const note of root.querySelectorAll(".cd-url-error")) {
    const control = root.querySelector(`#cd-${note.getAttribute("data-control")}`);
    const ids = (control.getAttribute("aria-describedby") || "").split(" ").filter((i) => i && i !== note.id);
    if (ids.length) control.setAttribute("aria-describedby", ids.join(" "));
    else control.removeAttribute("aria-describedby");
    note.remove();
  }
}

window.convdocsNotes = { show, clear };
