// Caravan admin: a little progressive behaviour. Every page works without it.
"use strict";
document.addEventListener("submit", (event) => {
  const question = event.target.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});

// Live progress of an issue being sent: polls the page's JSON twice a second until done.
function watchProgress(box) {
  const url = box.dataset.progressUrl;
  const fields = ["sent", "pending", "retrying", "bounced", "skipped", "failed", "rate", "status_label"];
  const tick = async () => {
    let data;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) throw new Error(response.status);
      data = await response.json();
    } catch (_) {
      setTimeout(tick, 5000);
      return;
    }
    for (const name of fields) {
      const el = box.querySelector(`[data-field="${name}"]`);
      if (el && data[name] !== undefined && data[name] !== null) el.textContent = data[name];
    }
    const bar = box.querySelector(".progress-bar > span");
    if (bar && data.total > 0) bar.style.width = `${Math.round((100 * data.done) / data.total)}%`;
    box.dataset.status = data.status;
    if (data.status === "sent" || data.status === "cancelled") {
      if (box.dataset.reloadWhenDone !== undefined && box.dataset.initialStatus !== data.status) {
        window.location.reload();
      }
      return;
    }
    setTimeout(tick, 2000);
  };
  tick();
}
document.querySelectorAll("[data-progress-url]").forEach(watchProgress);
