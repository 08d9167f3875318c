// What every page does in plain JavaScript, each an addition to a page that works without it
// (README, "Performance").
(function () {
  'use strict';

  var WARNING_SECONDS = 120;
  var script = document.currentScript;

  function ask(endpoint) {
    return fetch('/api/' + endpoint, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: '',
    });
  }

  // The server renders the banners as templates, for a signed-in person only, and says from
  // how many seconds left to warn; the live region announces the one put in it.
  function sessionWarning() {
    var region = document.querySelector('[data-session-warning]');
    if (!region) return;
    var warnFrom = Number(region.dataset.sessionWarning) || 120;
    var timer = null;
    var shown = 'none';
    function show(kind) {
      if (kind === shown) return;
      shown = kind;
      if (kind === 'expired') forgetDraftsOfThisPerson();
      var template = document.querySelector('template[data-session-warning-banner="' + kind + '"]');
      region.replaceChildren(template ? template.content.cloneNode(true) : '');
    }
    function later(seconds) {
      clearTimeout(timer);
      timer = setTimeout(check, Math.max(1, seconds) * 1000);
    }
    function read(response) {
      if (response.status === 401) return show('expired');
      if (!response.ok) return later(60);
      return response.json().then(function (left) {
        if (left.seconds_left > warnFrom) {
          show('none');
          later(left.seconds_left - warnFrom);
        } else if (left.seconds_left > 0) {
          show(left.extendable ? 'ending' : 'ending-final');
          later(left.seconds_left);
        } else {
          show('expired');
        }
      });
    }
    function retry() {
      // The network or the server failed: look again in a minute.
      later(60);
    }
    function check() {
      ask('session/time_left').then(read, retry);
    }
    region.addEventListener('click', function (event) {
      if (!event.target.closest('[data-stay-signed-in]')) return;
      ask('session/stay').then(read, retry);
    });
    check();
  }

  // The copies under `vs-draft:<device key>:`, the key the sign-out forms carry, and whose
  // form a start with no network shows (`vs-device`: nobody's once someone signs out here).
  function forgetDrafts(deviceKey) {
    var prefix = 'vs-draft:' + deviceKey + ':';
    try {
      localStorage.removeItem('vs-device');
      var keys = [];
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key && key.indexOf(prefix) === 0) keys.push(key);
      }
      keys.forEach(function (key) {
        localStorage.removeItem(key);
      });
    } catch (error) {
      // Storage refused (private mode, policy): nothing was kept here either.
    }
  }

  function forgetDraftsOfThisPerson() {
    document.querySelectorAll('form[data-device-key]').forEach(function (form) {
      forgetDrafts(form.dataset.deviceKey);
    });
  }

  function forgetDraftsOnSignOut() {
    document.querySelectorAll('form[data-device-key]').forEach(function (form) {
      form.addEventListener('submit', function () {
        forgetDrafts(form.dataset.deviceKey);
      });
    });
  }

  // Hydrates each island with the function the bundle exports under its name. Islands are not
  // nested in this portal, so each is hydrated on its own.
  function hydrateIslands() {
    var islands = document.querySelectorAll('leptos-island');
    if (islands.length === 0) return Promise.resolve();
    var js = script && script.dataset.js;
    var wasm = script && script.dataset.wasm;
    function failed(error) {
      document.documentElement.classList.add('islands-failed');
      document.querySelectorAll('[data-islands-failed]').forEach(function (notice) {
        notice.hidden = false;
      });
      console.warn('islands not loaded:', error);
    }
    return import(js)
      .then(function (bundle) {
        return bundle.default({ module_or_path: wasm }).then(function () {
          bundle.hydrate();
          var all = Array.prototype.map.call(islands, function (island) {
            var hydrate = bundle[island.dataset.component];
            if (!hydrate) return Promise.reject(new Error('no island ' + island.dataset.component));
            return Promise.resolve(hydrate(island)).then(function () {
              island.dataset.hydrated = 'true';
            });
          });
          return Promise.all(all);
        });
      })
      .then(function () {
        document.documentElement.classList.add('islands-ready');
      }, failed);
  }

  function serviceWorker() {
    if (!('serviceWorker' in navigator)) return;
    var url = script && script.dataset.worker;
    var workers = navigator.serviceWorker;
    if (!url) {
      // None under `cargo leptos watch`: one left from before goes.
      return workers.getRegistrations().then(function (all) {
        all.forEach(function (registration) {
          registration.unregister();
        });
      });
    }
    var asked = false;
    workers.addEventListener('controllerchange', function () {
      // Only the page whose button was pressed reloads; another tab keeps what it shows.
      if (asked) location.reload();
    });
    workers.register(url, { scope: '/' }).then(function (registration) {
      var region = document.querySelector('[data-update-region]');
      if (!region) return;
      function offer() {
        // A first installation is no update: there was no worker before.
        var template = document.querySelector('template[data-update-banner]');
        if (registration.waiting && workers.controller && template && !region.childElementCount) {
          region.replaceChildren(template.content.cloneNode(true));
        }
      }
      offer();
      registration.addEventListener('updatefound', function () {
        var installing = registration.installing;
        if (!installing) return;
        installing.addEventListener('statechange', function () {
          if (installing.state === 'installed') offer();
        });
      });
      region.addEventListener('click', function (event) {
        if (!event.target.closest('[data-update-now]')) return;
        if (!registration.waiting) return location.reload();
        asked = true;
        registration.waiting.postMessage('update');
      });
    }, console.warn);
  }

  sessionWarning();
  forgetDraftsOnSignOut();
  serviceWorker();
  // `ready` once everything here is in place, islands included (or given up on).
  hydrateIslands().then(function () {
    document.documentElement.classList.add('ready');
  });
})();
