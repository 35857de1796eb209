/* The start page's one action: load the bundled synthetic samples with the ingest token the user types. */
"use strict";

(function () {
  const form = document.getElementById("home-samples");
  if (!form) return;
  const status = document.getElementById("home-samples-status");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const token = document.getElementById("home-token").value.trim();
    const button = form.querySelector("button");
    button.disabled = true;
    status.textContent = "正在载入… Loading…";
    try {
      const response = await fetch("/ingest/samples", {
        method: "POST",
        headers: { Authorization: "Bearer " + token, Accept: "application/json" },
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) {
        status.textContent = response.status + " " + (body.title || response.statusText) + ": " + (body.detail || "");
        button.disabled = false;
        return;
      }
      status.replaceChildren(
        document.createTextNode(
          "已载入 " + body.patents_added + " 件合成专利 · loaded " + body.patents_added + " synthetic patents. "
        ),
        Object.assign(document.createElement("a"), { href: "/analysis", textContent: "打开分析工作台 · Open the workspace" })
      );
    } catch (err) {
      status.textContent = String(err);
      button.disabled = false;
    }
  });
})();
