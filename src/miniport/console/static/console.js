// Miniport console: progressive enhancement only. Every page works without this file;
// with it, destructive forms confirm in a dialog, uploads show progress, and the
// release-plan editor adds rules and shows a live estimate.
"use strict";

(function () {
  const csrf = () => document.querySelector('meta[name="csrf-token"]').content;

  // --- Confirmation for destructive actions -------------------------------------------
  // Forms marked data-confirm="message" ask first. Without JS the server asks instead
  // (it answers with a confirmation page until `confirmed=yes` is sent).
  function confirmForms() {
    const dialog = document.getElementById("confirm-dialog");
    document.addEventListener("submit", (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) return;
      if (form.querySelector('input[name="confirmed"][value="yes"]')) return;
      event.preventDefault();
      const submitter = event.submitter;
      document.getElementById("confirm-message").textContent = form.dataset.confirm;
      dialog.returnValue = "";
      dialog.showModal();
      dialog.addEventListener("close", function onClose() {
        dialog.removeEventListener("close", onClose);
        if (dialog.returnValue !== "ok") return;
        const flag = document.createElement("input");
        flag.type = "hidden"; flag.name = "confirmed"; flag.value = "yes";
        form.appendChild(flag);
        if (submitter && submitter.name) {
          const extra = document.createElement("input");
          extra.type = "hidden"; extra.name = submitter.name; extra.value = submitter.value;
          form.appendChild(extra);
        }
        form.submit();
      });
    });
  }

  // --- Upload with drag and drop and progress -----------------------------------------
  function uploads() {
    for (const form of document.querySelectorAll("form[data-upload]")) {
      const zone = form.querySelector(".dropzone");
      const input = form.querySelector('input[type="file"]');
      const bar = form.querySelector("progress");
      const status = form.querySelector("[data-upload-status]");
      const chosen = form.querySelector("[data-file-name]");
      const showName = () => { if (chosen) chosen.textContent = input.files.length ? input.files[0].name : ""; };
      input.addEventListener("change", showName);
      if (zone) {
        ["dragenter", "dragover"].forEach((name) => zone.addEventListener(name, (e) => {
          e.preventDefault(); zone.classList.add("over");
        }));
        ["dragleave", "drop"].forEach((name) => zone.addEventListener(name, (e) => {
          e.preventDefault(); zone.classList.remove("over");
        }));
        zone.addEventListener("drop", (e) => {
          if (e.dataTransfer && e.dataTransfer.files.length) {
            input.files = e.dataTransfer.files;
            showName();
          }
        });
      }
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        clearErrors(form);
        const xhr = new XMLHttpRequest();
        xhr.open("POST", form.action);
        xhr.setRequestHeader("X-CSRF-Token", csrf());
        xhr.setRequestHeader("Accept", "application/json");
        bar.hidden = false; bar.value = 0;
        xhr.upload.addEventListener("progress", (e) => {
          if (e.lengthComputable) {
            bar.max = e.total; bar.value = e.loaded;
            status.textContent = Math.round((100 * e.loaded) / e.total) + "%";
          }
        });
        xhr.addEventListener("load", () => {
          let body = {};
          try { body = JSON.parse(xhr.responseText); } catch (_) { /* not JSON */ }
          // success, or a session that expired meanwhile: the server says where to go
          if (body.redirect) { window.location.assign(body.redirect); return; }
          bar.hidden = true;
          showErrors(form, body);
          status.textContent = "";
        });
        xhr.addEventListener("error", () => {
          bar.hidden = true;
          status.textContent = form.dataset.networkError || "Network error";
        });
        xhr.send(new FormData(form));
      });
    }
  }

  function clearErrors(form) {
    for (const el of form.querySelectorAll(".error[data-live]")) el.remove();
    for (const el of form.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute("aria-invalid");
    const list = form.querySelector("[data-diagnostics]");
    if (list) { list.innerHTML = ""; list.hidden = true; }
  }

  // Errors from the server go next to the field that caused them; compile
  // diagnostics become a FILE:LINE:COL list.
  function showErrors(form, body) {
    const errors = body.errors || { _form: body.message || "Error" };
    for (const [field, message] of Object.entries(errors)) {
      const input = form.querySelector(`[name="${CSS.escape(field)}"]`);
      const p = document.createElement("p");
      p.className = "error"; p.dataset.live = ""; p.setAttribute("role", "alert");
      p.id = "e-live-" + field; p.textContent = message;
      if (input) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", p.id);
        input.closest(".field, .dropzone, form").appendChild(p);
      } else {
        form.prepend(p);
      }
    }
    const list = form.querySelector("[data-diagnostics]");
    if (list && body.diagnostics && body.diagnostics.length) {
      for (const d of body.diagnostics) {
        const li = document.createElement("li");
        const where = document.createElement("code");
        where.textContent = d.where;
        li.append(where, " ", d.message);
        list.appendChild(li);
      }
      list.hidden = false;
    }
  }

  // --- Release plan editor --------------------------------------------------------------
  // Rules are fieldsets named rules-N-*; "add rule" clones the template, "remove" drops
  // one, and any change asks the server for a fresh estimate from the delivery simulator.
  function planEditor() {
    const form = document.querySelector("form[data-plan-editor]");
    if (!form) return;
    const list = form.querySelector("[data-rules]");
    const template = document.getElementById("rule-template");
    const output = document.querySelector("[data-estimate]");
    const renumber = () => {
      list.querySelectorAll(".rule").forEach((rule, index) => {
        rule.querySelectorAll("[name]").forEach((el) => {
          el.name = el.name.replace(/^rules-\d+-/, `rules-${index}-`);
        });
        rule.querySelectorAll("[id]").forEach((el) => { el.id = el.id.replace(/^r\d+-/, `r${index}-`); });
        rule.querySelectorAll("label[for]").forEach((el) => {
          el.htmlFor = el.htmlFor.replace(/^r\d+-/, `r${index}-`);
        });
        const id = rule.querySelector('input[name$="-id"]');
        if (id) id.placeholder = `rule-${index + 1}`;
        const title = rule.querySelector("[data-rule-number]");
        if (title) title.textContent = String(index + 1);
      });
    };
    form.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      if (!button) return;
      const rule = button.closest(".rule");
      if (button.dataset.action === "add-rule") {
        event.preventDefault();
        list.appendChild(template.content.cloneNode(true));
      } else if (button.dataset.action === "remove-rule" && rule) {
        event.preventDefault(); rule.remove();
      } else if (button.dataset.action === "up" && rule && rule.previousElementSibling) {
        event.preventDefault(); rule.parentNode.insertBefore(rule, rule.previousElementSibling);
      } else if (button.dataset.action === "down" && rule && rule.nextElementSibling) {
        event.preventDefault(); rule.parentNode.insertBefore(rule.nextElementSibling, rule);
      } else {
        return;
      }
      renumber();
      estimate();
    });
    let timer = null;
    let latest = 0;
    const estimate = () => {
      if (!output || !form.dataset.estimateUrl) return;
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const mine = ++latest;
        const response = await fetch(form.dataset.estimateUrl, {
          method: "POST",
          headers: { "X-CSRF-Token": csrf(), "Accept": "text/html" },
          body: new FormData(form),
        });
        const html = await response.text();
        // answers can arrive out of order; only the newest draft's estimate is shown
        if (mine === latest) output.innerHTML = html;
      }, 300);
    };
    form.addEventListener("input", estimate);
    form.addEventListener("change", estimate);
    renumber();
  }

  // Selects marked data-autosubmit (the organization switcher) apply on change.
  function autosubmit() {
    for (const select of document.querySelectorAll("select[data-autosubmit]")) {
      select.addEventListener("change", () => select.form.submit());
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    autosubmit();
    confirmForms();
    uploads();
    planEditor();
  });
})();
