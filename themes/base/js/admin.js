/* Admin pages: the branding form's live preview (colours and logo) and a contrast check as you type.
   No inline script (CSP script-src 'self'); styles are set as CSS custom properties on the preview only. */
(function () {
  'use strict';
  var preview = document.getElementById('brand-preview');
  var form = document.getElementById('brand-form');
  if (!preview || !form) { return; }
  var status = document.getElementById('contrast-status');
  var HEX = /^#[0-9a-fA-F]{6}$/;

  function luminance(hex) {
    var n = parseInt(hex.slice(1), 16);
    var c = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map(function (v) {
      v = v / 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }
  function ratio(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }
  function fill(template, name, value) {
    return template.replace('{0}', name).replace('{1}', value);
  }

  function update() {
    var messages = [];
    form.querySelectorAll('input[data-preview]').forEach(function (input) {
      var token = input.getAttribute('data-preview');
      var value = input.value.trim();
      var name = status.getAttribute('data-' + token);
      if (!HEX.test(value)) {
        messages.push(fill(status.getAttribute('data-bad'), name, value));
        return;
      }
      var picker = form.querySelector('input[data-color-for="' + token + '"]');
      if (picker && picker.value.toLowerCase() !== value.toLowerCase()) { picker.value = value.toLowerCase(); }
      var r = Math.floor(ratio(value, input.getAttribute('data-against')) * 10) / 10;
      // The preview shows only what could be saved: a colour below 4.5:1 is reported, not applied.
      if (r >= 4.5) { preview.style.setProperty('--mesa-color-' + token, value); }
      var shown = r.toFixed(1);
      if ((document.documentElement.lang || '').indexOf('es') === 0) { shown = shown.replace('.', ','); }
      messages.push(fill(status.getAttribute(r >= 4.5 ? 'data-ok' : 'data-low'), name, shown));
    });
    status.textContent = messages.join(' ');
  }

  form.querySelectorAll('input[data-color-for]').forEach(function (picker) {
    picker.addEventListener('input', function () {
      var text = document.getElementById(picker.getAttribute('data-color-for'));
      text.value = picker.value;
      update();
    });
  });
  form.querySelectorAll('input[data-preview]').forEach(function (input) {
    input.addEventListener('input', update);
  });

  var logo = document.getElementById('logo');
  var img = document.getElementById('preview-logo');
  if (logo && img) {
    // A data: URL (the CSP allows img-src data:, not blob:).
    logo.addEventListener('change', function () {
      var file = logo.files && logo.files[0];
      var max = parseInt(logo.getAttribute('data-max-bytes'), 10) * 1024;
      if (!file || !/^image\/(svg\+xml|png)$/.test(file.type) || file.size > max) { return; }
      var reader = new FileReader();
      reader.onload = function () { img.src = reader.result; };
      reader.readAsDataURL(file);
    });
  }
  update();
}());
