// unhrc-news review page: queue the reviewer's actions, send them on Save, show what comes back.
"use strict";
const page = document.getElementById("page");
const token = document.querySelector('meta[name="review-token"]').content;
const rows = Array.from(document.querySelectorAll("#records tbody tr"));
const message = document.getElementById("message");
let current = 0;
const added = [];

function say(text, error) {
  message.textContent = text;
  message.className = error ? "error" : "";
}

function focusRow(i) {
  if (!rows.length) return;
  rows[current].classList.remove("current");
  document.querySelectorAll("mark.current").forEach(m => m.classList.remove("current"));
  current = Math.max(0, Math.min(rows.length - 1, i));
  const row = rows[current];
  row.classList.add("current");
  row.scrollIntoView({block: "nearest"});
  const mark = document.querySelector(`mark[data-ref="${row.id}"]`);
  if (mark) { mark.classList.add("current"); mark.scrollIntoView({block: "nearest"}); }
}

function setState(row, state) {
  row.classList.remove("accepted", "rejected");
  if (state) row.classList.add(state);
  row.dataset.state = state || "";
}

rows.forEach((row, i) => {
  row.querySelector(".accept").addEventListener("click", () => { setState(row, "accepted"); focusRow(i + 1); });
  row.querySelector(".reject").addEventListener("click", () => {
    const reason = row.querySelector(".reason");
    if (!reason.value.trim()) { reason.focus(); say("Give a reason for rejecting, then press reject again.", true); return; }
    setState(row, "rejected"); focusRow(i + 1);
  });
  row.querySelectorAll(".fields input").forEach(input => {
    input.dataset.original = input.value;
    input.addEventListener("input", () => row.classList.add("edited"));
  });
  row.addEventListener("click", () => focusRow(i));
});

function edits() {
  const out = [];
  for (const row of rows) {
    const section = row.dataset.section, index = Number(row.dataset.index);
    if (row.dataset.state === "rejected") {
      out.push({action: "reject", section, index, reason: row.querySelector(".reason").value});
      continue;
    }
    const fields = {};
    row.querySelectorAll(".fields input").forEach(input => {
      if (input.value !== input.dataset.original) fields[input.name] = typed(input.value);
    });
    if (Object.keys(fields).length) out.push({action: "correct", section, index, fields});
    else if (row.dataset.state === "accepted") out.push({action: "accept", section, index});
  }
  return out.concat(added);
}

function typed(value) {
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}

async function save(markReviewed) {
  say("Saving…");
  const response = await fetch(`/api/doc/${page.dataset.doc}/save`, {
    method: "POST",
    headers: {"Content-Type": "application/json", "X-Review-Token": token},
    body: JSON.stringify({version: page.dataset.version, edits: edits(), mark_reviewed: markReviewed}),
  });
  const body = await response.json();
  document.querySelectorAll(".problem").forEach(p => { p.hidden = true; p.textContent = ""; });
  if (body.problems && body.problems.length) {
    for (const p of body.problems) {
      const row = document.getElementById(`${p.section}-${p.index}`);
      const box = row ? row.querySelector(".problem") : null;
      if (box) { box.hidden = false; box.textContent = (p.field ? p.field + ": " : "") + p.message; }
    }
  }
  if (!response.ok) { say(body.error || `${body.problems.length} problem(s): see the records marked in red`, true); return; }
  page.dataset.version = body.version;
  say(`Saved. ${body.problems.length} problem(s); ${body.waiting} proposal(s) waiting. Reloading…`);
  window.setTimeout(() => window.location.reload(), 400);
}

document.getElementById("save").addEventListener("click", () => save(false));
document.getElementById("reviewed").addEventListener("click", () => save(true));

document.querySelectorAll("[data-add]").forEach(button => button.addEventListener("click", () => {
  const words = String(window.getSelection()).trim();
  if (!words) { say("Select the words in the article first.", true); return; }
  const section = button.dataset.add;
  const fields = {text: words};
  const extra = {mentions: ["actor"], quotes: ["speaker", "cue", "kind"], statistics: ["value", "unit", "measure", "qualifier"], events: ["event"]}[section];
  for (const key of extra) {
    const value = window.prompt(`${section}: ${key} for “${words}”`);
    if (value === null) return;
    if (value !== "") fields[key] = typed(value);
  }
  added.push({action: "add", section, fields});
  say(`Added a ${section} record for “${words}”: Save to write it.`);
}));

document.querySelectorAll(".actor-pick").forEach(input => input.addEventListener("input", async () => {
  if (input.value.length < 2) return;
  const hits = await (await fetch(`/api/actors?q=${encodeURIComponent(input.value)}`)).json();
  document.getElementById("actor-list").innerHTML = hits.map(h => `<option value="${h.id}">${h.name} (${h.type})</option>`).join("");
}));

async function register(kind, row) {
  const values = {};
  row.querySelectorAll("input").forEach(input => {
    if (input.value === "") return;
    values[input.name] = input.name === "actors" ? JSON.parse(input.value) : input.value;
  });
  const response = await fetch(`/api/${kind}`, {method: "POST", headers: {"Content-Type": "application/json", "X-Review-Token": token},
                                               body: JSON.stringify(values)});
  const body = await response.json();
  if (!response.ok) { say(body.error, true); return; }
  row.remove();
  say(`Added ${values.id} to seeds/${kind}.yaml.`);
}
document.querySelectorAll(".register-actor").forEach(b => b.addEventListener("click", () => register("actors", b.closest("tr"))));
document.querySelectorAll(".register-event").forEach(b => b.addEventListener("click", () => register("events", b.closest("tr"))));

document.addEventListener("keydown", event => {
  if (["INPUT", "TEXTAREA"].includes(event.target.tagName)) return;
  const row = rows[current];
  if (event.key === "a" && row) row.querySelector(".accept").click();
  else if (event.key === "r" && row) row.querySelector(".reject").click();
  else if (event.key === "n") focusRow(current + 1);
  else if (event.key === "s") save(false);
});
focusRow(0);
