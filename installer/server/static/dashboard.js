// The dashboard fetches its numbers with the API key kept in this tab's sessionStorage
// (given in the form, or once as #key=... which is then removed from the address) and
// redraws them every __REFRESH_SECONDS__ s without reloading the page.
"use strict";
const REFRESH_MS = __REFRESH_SECONDS__ * 1000;
const SVG = "http://www.w3.org/2000/svg";
let refreshes = 0;

function takeKeyFromAddress() {
  const found = /(?:^#|&)key=([^&]+)/.exec(location.hash);
  if (found) {
    sessionStorage.setItem("pg-governance-key", decodeURIComponent(found[1]));
    history.replaceState(null, "", location.pathname + location.search);
  }
}

function setCard(id, value, bad) {
  const card = document.getElementById(id);
  card.querySelector(".value").textContent = value;
  card.classList.toggle("bad", !!bad);
  card.classList.toggle("good", !bad);
}

function drawActivity(rows) {
  const svg = document.getElementById("activity");
  svg.replaceChildren();
  const top = Math.max(1, ...rows.map(r => r.changes + r.events));
  const width = 480 / rows.length;
  rows.forEach((r, i) => {
    let y = 120;
    for (const kind of ["changes", "events"]) {
      const h = 110 * r[kind] / top;
      y -= h;
      const bar = document.createElementNS(SVG, "rect");
      bar.setAttribute("class", kind);
      bar.setAttribute("x", i * width + 1); bar.setAttribute("width", width - 2);
      bar.setAttribute("y", y); bar.setAttribute("height", h);
      const tip = document.createElementNS(SVG, "title");
      tip.textContent = `${r.hour}: ${r[kind]} ${kind}`;
      bar.appendChild(tip);
      svg.appendChild(bar);
    }
  });
}

function drawScores(rows) {
  const body = document.querySelector("#scores tbody");
  body.replaceChildren(...(rows.length ? rows : [{framework: "no snapshot yet: run compliance.snapshot()"}]).map(r => {
    const tr = document.createElement("tr");
    tr.dataset.framework = r.framework;
    for (const v of [r.framework, r.score == null ? "" : r.score + " %", r.passed, r.failed, r.warned]) {
      const td = document.createElement("td");
      td.textContent = v == null ? "" : v;
      tr.appendChild(td);
    }
    return tr;
  }));
}

async function refresh() {
  const key = sessionStorage.getItem("pg-governance-key");
  if (!key) { document.getElementById("login").hidden = false; return; }
  try {
    const response = await fetch("api/v1/dashboard", {headers: {Authorization: "Bearer " + key}, cache: "no-store"});
    const body = await response.json();
    if (!response.ok) throw new Error(body.message || response.statusText);
    const s = body.security;
    for (const id of ["failed_logins", "denials", "phi_reads", "break_glass", "break_glass_unreviewed",
                      "requests_open", "requests_due_7d", "requests_overdue"]) {
      setCard(id, s[id], s[id] > 0 && id !== "requests_open" && id !== "phi_reads");
    }
    setCard("chain", s.chain_problems === 0 ? "intact" : s.chain_problems + " problem(s)", s.chain_problems !== 0);
    drawActivity(body.activity);
    drawScores(body.scores);
    refreshes += 1;
    document.getElementById("role").textContent = "as " + body.role;
    document.getElementById("status").textContent = `updated ${new Date().toLocaleTimeString()} (refresh ${refreshes})`;
    document.getElementById("status").dataset.refreshes = refreshes;
    document.getElementById("error").textContent = "";
    document.getElementById("cards").hidden = false;
  } catch (error) {
    document.getElementById("error").textContent = "Cannot load the dashboard: " + error.message;
  }
  setTimeout(refresh, REFRESH_MS);
}

document.getElementById("login").addEventListener("submit", event => {
  event.preventDefault();
  sessionStorage.setItem("pg-governance-key", document.getElementById("key").value);
  document.getElementById("login").hidden = true;
  refresh();
});
takeKeyFromAddress();
refresh();
