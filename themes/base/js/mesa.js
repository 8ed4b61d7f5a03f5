// Mesa pages work without scripts; this only adds keyboard shortcuts and small comforts.
(function () {
  'use strict';
  document.addEventListener('keydown', function (e) {
    var t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) { return; }
    // Elements with data-key="x" are followed (links) or clicked (buttons) when x is pressed.
    var target = document.querySelector('[data-key="' + (e.key === '/' ? 'slash' : e.key) + '"]');
    if (target) {
      e.preventDefault();
      if (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA') { target.focus(); }
      else { target.click(); }
    }
  });
  // The first field with an error gets the focus, so screen readers announce it.
  document.addEventListener('DOMContentLoaded', function () {
    var summary = document.querySelector('.error-summary');
    if (summary) { summary.focus(); }
  });
})();
