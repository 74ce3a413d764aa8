// Hover tooltips for the figures' marks. Each mark's <title> (the value, readable without this
// script and in the standalone SVG files) becomes a tooltip shown at once beside the pointer; the
// <title> is then removed so the browser's own, slower tooltip does not show the same text twice.
(function () {
  'use strict';
  var tip = document.getElementById('tip');
  document.querySelectorAll('figure svg title').forEach(function (t) {
    var mark = t.parentNode;
    mark.setAttribute('data-tip', t.textContent);
    mark.removeChild(t);
  });
  function place(e) {
    var x = e.clientX + 14;
    var y = e.clientY + 16;
    var r = tip.getBoundingClientRect();
    if (x + r.width > window.innerWidth - 6) { x = Math.max(6, e.clientX - r.width - 10); }
    if (y + r.height > window.innerHeight - 6) { y = Math.max(6, e.clientY - r.height - 10); }
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  }
  document.addEventListener('mouseover', function (e) {
    var mark = e.target.closest ? e.target.closest('[data-tip]') : null;
    if (!mark) { tip.hidden = true; return; }
    tip.textContent = mark.getAttribute('data-tip');
    tip.hidden = false;
    place(e);
  });
  document.addEventListener('mousemove', function (e) { if (!tip.hidden) { place(e); } });
  document.addEventListener('mouseleave', function () { tip.hidden = true; });
})();
