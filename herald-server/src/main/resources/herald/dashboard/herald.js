// Herald dashboard: the little that needs a script. Every page works without it.

// "Copy" buttons copy the text of the element named by data-copy, and say so.
for (const button of document.querySelectorAll("button[data-copy]")) {
  button.addEventListener("click", async () => {
    const source = document.getElementById(button.dataset.copy);
    if (!source) return;
    const label = button.textContent;
    try {
      await navigator.clipboard.writeText(source.textContent.trim());
      button.textContent = "Copied";
    } catch {
      // Without clipboard access (plain http, or a denied permission), select the text to copy by hand.
      const range = document.createRange();
      range.selectNodeContents(source);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      button.textContent = "Press Ctrl+C";
    }
    setTimeout(() => { button.textContent = label; }, 2000);
  });
}

// "All events (*)" and single event types exclude each other: ticking one clears the other kind.
const all = document.querySelector('input[name="events"][value="*"]');
if (all) {
  const single = [...document.querySelectorAll('input[name="events"]:not([value="*"])')];
  all.addEventListener("change", () => { if (all.checked) single.forEach((box) => { box.checked = false; }); });
  single.forEach((box) => box.addEventListener("change", () => { if (box.checked) all.checked = false; }));
}
