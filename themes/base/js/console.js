// Console comforts; everything works without it. After an action, focus lands on its notice.
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var notice = document.getElementById('aviso');
    if (notice && !document.querySelector('.error-summary')) { notice.focus(); }
  });
})();
