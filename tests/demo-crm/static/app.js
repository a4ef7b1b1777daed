// ДемоCRM, every page: the "Вы вошли как" user switch, and the stage select on a deal page.
(function () {
  'use strict';

  function toast(text, isError) {
    var el = document.getElementById('toast');
    if (!el) return;
    el.textContent = text;
    el.className = 'crm-toast' + (isError ? ' crm-toast--error' : '');
    el.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { el.hidden = true; }, 3000);
  }
  window.demoCrmToast = toast;

  var select = document.getElementById('user-switch');
  if (select) {
    select.addEventListener('change', function () {
      var userId = select.value;
      fetch('/api/session', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ userId: userId }),
        credentials: 'same-origin',
      })
        .catch(function () {
          document.cookie = 'demo_user=' + encodeURIComponent(userId) + '; path=/; SameSite=Lax';
        })
        .then(function () { location.reload(); });
    });
  }

  var stageSelect = document.querySelector('[data-move-lead]');
  if (stageSelect) {
    stageSelect.addEventListener('change', function () {
      var id = stageSelect.getAttribute('data-move-lead');
      fetch('/api/v1/leads/' + encodeURIComponent(id) + '/move', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ status_id: Number(stageSelect.value) }),
        credentials: 'same-origin',
      })
        .then(function (r) {
          if (!r.ok) throw new Error('HTTP ' + r.status);
          location.reload();
        })
        .catch(function (e) { toast('Не удалось сменить этап: ' + e.message, true); });
    });
  }
})();
