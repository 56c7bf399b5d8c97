// Preview a stored version in the console, with the same runtime host apps use.
// The package comes from the center's API with the viewer's session (so only people
// who may see the version can open it); the request-domain policy is the
// mini-program's own allow-list, as a host would enforce it.
const stage = document.querySelector("[data-preview]");
const status = document.querySelector("[data-preview-status]");
const problems = document.querySelector("[data-preview-problems]");

function report(text) {
  const li = document.createElement("li");
  li.textContent = text;
  problems.append(li);
  problems.hidden = false;
}

async function run() {
  const { createMiniProgram } = await import("/runtime/container/index.js");
  const controller = createMiniProgram({
    container: stage,
    packageUrl: stage.dataset.packageUrl,
    policy: { requestDomains: JSON.parse(stage.dataset.domains || "[]") },
    hostId: "miniport-console",
    userId: stage.dataset.user,
    platform: "devtools",
    lang: document.documentElement.lang === "zh-CN" ? "zh-CN" : "en",
    onError: (e) => {
      const where = e.location ? `${e.location.file}:${e.location.line}:${e.location.col} ` : "";
      report(`${where}${e.message}`);
    },
  });
  window.__miniportPreview = { ready: false };
  await controller.ready;
  window.__miniportPreview = { ready: true };
  status.textContent = status.dataset.ready;
}

run().catch((err) => {
  status.textContent = status.dataset.failed;
  report(err.message);
  window.__miniportPreview = { ready: false, error: err.message };
});
