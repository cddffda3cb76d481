// Gantry's pages: the live parts. Without this script every page still reads; live pages reload themselves.
(function () {
  'use strict';
  var MAX_LOG_LINES = 20000;

  function followLog(log) {
    var follow = document.getElementById('follow');
    var state = document.getElementById('log-state');
    var source = new EventSource(log.getAttribute('data-stream'));
    var empty = log.querySelector('.empty');
    source.addEventListener('lines', function (e) {
      if (empty) { empty.remove(); empty = null; }
      log.insertAdjacentHTML('beforeend', e.data);
      var extra = log.children.length - MAX_LOG_LINES;
      while (extra-- > 0) { log.removeChild(log.firstElementChild); }
      if (!follow || follow.checked) { log.scrollTop = log.scrollHeight; }
    });
    source.addEventListener('end', function () {
      source.close();
      if (state) { state.textContent = '✔ finished — reload the page for the outputs and reports'; }
      document.body.setAttribute('data-log-finished', 'true');
    });
    source.onerror = function () {
      if (state) { state.textContent = '… reconnecting'; }
    };
    source.onopen = function () {
      if (state) { state.textContent = '▶ live'; }
    };
    log.scrollTop = log.scrollHeight;
  }

  function pollRun(live) {
    var url = live.getAttribute('data-live-url');
    function tick() {
      if (live.getAttribute('data-active') !== 'true') { return; }
      var focused = document.activeElement;
      if (focused && live.contains(focused) && (focused.tagName === 'INPUT' || focused.tagName === 'TEXTAREA')) {
        setTimeout(tick, 2000);
        return;
      }
      fetch(url, {credentials: 'same-origin', cache: 'no-store'}).then(function (r) {
        if (!r.ok) { throw new Error('HTTP ' + r.status); }
        return r.text();
      }).then(function (html) {
        var active = document.activeElement;
        var focusedId = active && active.id;
        var focusedAction = active && live.contains(active) && active.getAttribute('data-action');
        var focusedClass = focusedAction && (active.getAttribute('class') || '').split(' ')[0];
        live.innerHTML = html;
        var marker = live.querySelector('[data-run-active]');
        if (marker && marker.getAttribute('data-run-active') === 'false') { live.setAttribute('data-active', 'false'); }
        if (focusedId && document.getElementById(focusedId)) { document.getElementById(focusedId).focus(); }
        if (focusedAction) {
          var again = Array.prototype.filter.call(live.querySelectorAll('[data-action]'), function (el) {
            return el.getAttribute('data-action') === focusedAction && (el.getAttribute('class') || '').split(' ')[0] === focusedClass;
          })[0];
          if (again) { again.focus(); }
        }
        setTimeout(tick, 2000);
      }).catch(function () { setTimeout(tick, 5000); });
    }
    setTimeout(tick, 2000);
  }

  document.addEventListener('DOMContentLoaded', function () {
    var log = document.querySelector('#log[data-stream]');
    var live = document.getElementById('live');
    if (log && window.EventSource) {
      followLog(log);
    } else if (live && window.fetch) {
      pollRun(live);
    } else if (document.body.getAttribute('data-live') === 'true') {
      setTimeout(function () {
        var f = document.activeElement;
        if (!f || (f.tagName !== 'INPUT' && f.tagName !== 'TEXTAREA' && f.tagName !== 'SELECT')) { location.reload(); }
      }, 5000);
    }
  });
})();
