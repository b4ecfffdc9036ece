// Repère: saves each change of the fill form as it is made. Without this script the page
// works the same with its "Save" buttons (plain form, POST then redirect).
(function () {
  var form = document.querySelector("form.fill");
  var live = document.getElementById("live");
  if (!form || !live || !window.fetch || !window.URLSearchParams) return;
  var fr = document.documentElement.lang === "fr";
  var timer = null;
  function save() {
    timer = null;
    var body = new URLSearchParams(new FormData(form));
    live.textContent = fr ? "Enregistrement…" : "Saving…";
    fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Repere-Async": "1" }
    }).then(function (r) {
      return r.text().then(function (t) {
        live.textContent = r.ok ? t : (fr ? "Non enregistré : " : "Not saved: ") + t;
        live.className = r.ok ? "status saved" : "status error";
      });
    }, function () {
      live.textContent = fr ? "Non enregistré : Repère ne répond pas." : "Not saved: Repère does not answer.";
      live.className = "status error";
    });
  }
  form.addEventListener("change", function () {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 300);
  });
})();
