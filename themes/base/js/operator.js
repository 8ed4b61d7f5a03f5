/* Operator pages: the onboarding progress page polls the onboarding record while it runs and
   updates the table and the aria-live status line. Without JS, the page's refresh link does it. */
(function () {
  'use strict';
  var box = document.getElementById('onboarding-progress');
  if (!box || box.getAttribute('data-in-progress') !== 'true') { return; }
  var id = box.getAttribute('data-id');
  var statusText = box.querySelector('.onboarding-status-text');
  var attempts = 0;

  function text(outcome) {
    if (outcome === 'in-progress') { return box.getAttribute('data-in-progress-text'); }
    return box.getAttribute('data-' + outcome) || outcome;
  }

  function poll() {
    attempts++;
    fetch('/operador/altas/' + encodeURIComponent(id) + '/estado', { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (record) {
        if (!record) { return; }
        (record.steps || []).forEach(function (s) {
          var row = box.querySelector('tr[data-step="' + s.name + '"]');
          if (!row) { return; }
          var cell = row.querySelector('.step-outcome');
          cell.setAttribute('data-outcome', s.outcome);
          cell.textContent = text(s.outcome);
          row.querySelector('.step-message').textContent = s.message || '';
        });
        if (statusText.getAttribute('data-status') !== record.status) {
          statusText.setAttribute('data-status', record.status);
          statusText.textContent = text(record.status);
        }
        if (record.status === 'in-progress' && attempts < 120) { setTimeout(poll, 2000); }
      })
      .catch(function () { if (attempts < 120) { setTimeout(poll, 5000); } });
  }
  setTimeout(poll, 1000);
}());
