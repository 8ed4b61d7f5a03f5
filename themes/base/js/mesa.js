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
  // The request form suggests help articles of its service as the title is typed (decision 0025).
  document.addEventListener('DOMContentLoaded', function () {
    var box = document.querySelector('[data-kb-service]');
    var title = document.getElementById('title');
    var list = document.getElementById('kb-suggestions');
    if (!box || !title || !list || !window.fetch) { return; }
    var timer = null;
    var last = null;
    title.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = title.value.trim();
        if (q === last || q.length < 3) { return; }
        last = q;
        var url = '/api/v1/kb/articles?match=any&size=5&service=' + encodeURIComponent(box.getAttribute('data-kb-service'))
          + '&q=' + encodeURIComponent(q);
        fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (page) {
            if (!page || q !== last) { return; }
            while (list.firstChild) { list.removeChild(list.firstChild); }
            page.items.forEach(function (item) {
              var li = document.createElement('li');
              li.className = 'kb-result';
              var a = document.createElement('a');
              a.href = item.url + '?solicitud=' + encodeURIComponent(box.getAttribute('data-kb-template'));
              a.textContent = item.title;
              li.appendChild(a);
              list.appendChild(li);
            });
            box.hidden = page.items.length === 0;
          })
          .catch(function () { /* suggestions are a comfort: the form works without them */ });
      }, 350);
    });
  });
})();
