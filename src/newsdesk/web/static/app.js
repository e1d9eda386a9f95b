// newsdesk's pages: citation markers that show the exact source sentence they cite.
// Only textContent and attributes are set here, never HTML, so article text stays text.
"use strict";

(function () {
  let open = null;

  function close() {
    if (open) {
      open.pop.remove();
      open.marker.setAttribute("aria-expanded", "false");
      open = null;
    }
  }

  function articleHref(marker) {
    if (marker.dataset.article) return marker.dataset.article;
    const entry = document.getElementById("source-" + marker.dataset.source);
    return entry && entry.dataset.article ? entry.dataset.article : "";
  }

  function show(marker) {
    const pop = document.createElement("div");
    pop.className = "cite-pop";
    pop.setAttribute("role", "dialog");
    pop.setAttribute("aria-label", "Source " + marker.dataset.source);
    const quote = document.createElement("blockquote");
    quote.className = "cite-quote";
    quote.textContent = marker.dataset.quote || marker.title || "";
    pop.appendChild(quote);
    const entry = document.getElementById("source-" + marker.dataset.source);
    const line = document.createElement("p");
    line.className = "cite-source";
    line.textContent = "[" + marker.dataset.source + "] " + (entry ? entry.textContent.split("\n")[0].trim() : "");
    pop.appendChild(line);
    const href = articleHref(marker);
    if (href) {
      const link = document.createElement("a");
      link.className = "cite-article";
      link.href = href;
      link.textContent = "Open the article";
      pop.appendChild(link);
    }
    document.body.appendChild(pop);
    const box = marker.getBoundingClientRect();
    const width = Math.min(420, document.documentElement.clientWidth - 16);
    pop.style.width = width + "px";
    pop.style.left = Math.max(8, Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8)) + "px";
    pop.style.top = box.bottom + window.scrollY + 6 + "px";
    marker.setAttribute("aria-expanded", "true");
    open = { pop: pop, marker: marker };
  }

  document.addEventListener("click", function (event) {
    const marker = event.target.closest ? event.target.closest(".cite") : null;
    if (marker && marker.dataset.source) {
      event.preventDefault();
      const same = open && open.marker === marker;
      close();
      if (!same) show(marker);
      return;
    }
    if (open && !open.pop.contains(event.target)) close();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") close();
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".cite[data-source]").forEach(function (marker) {
      marker.setAttribute("role", "button");
      marker.setAttribute("aria-expanded", "false");
      const href = articleHref(marker);
      if (href) marker.dataset.article = href;
    });
  });
})();
