// Web push on the message settings page (loaded by its "Vos appareils" section only): asks the
// browser for permission and a subscription bound to the portal's key (the form's
// `data-push-form`), puts it in the form and posts the form as any other; the server keeps it
// and answers with the page. Without this script, or in a browser that cannot push, the form
// stays hidden and the section says why.
(function () {
  'use strict';

  var form = document.querySelector('form[data-push-form]');
  if (!form) return;

  function say(what) {
    var notes = document.querySelectorAll('[data-push-says]');
    for (var i = 0; i < notes.length; i++) notes[i].hidden = notes[i].dataset.pushSays !== what;
  }

  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    say('unsupported');
    return;
  }

  // The key as the browser wants it: the bytes of its base64url text.
  function keyBytes(text) {
    var base64 = text.replace(/-/g, '+').replace(/_/g, '/');
    var raw = atob(base64 + '==='.slice((base64.length + 3) % 4));
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  // The service worker portal.js registered; none comes within 10 s (none is registered while
  // developing with `cargo leptos watch`): a failure, said as one.
  function worker() {
    return Promise.race([
      navigator.serviceWorker.ready,
      new Promise(function (_, reject) {
        setTimeout(function () { reject(new Error('no service worker')); }, 10000);
      }),
    ]);
  }

  function subscribe() {
    return Notification.requestPermission()
      .then(function (permission) {
        if (permission !== 'granted') throw new Error(permission);
        return worker();
      })
      .then(function (registration) {
        return registration.pushManager.getSubscription().then(function (kept) {
          return kept || registration.pushManager.subscribe({
            userVisibleOnly: true,
            applicationServerKey: keyBytes(form.dataset.pushForm),
          });
        });
      });
  }

  form.hidden = false;
  var busy = false;
  form.addEventListener('submit', function (event) {
    if (form.elements.endpoint.value) return;
    event.preventDefault();
    if (busy) return;
    busy = true;
    say('');
    subscribe().then(
      function (subscription) {
        var json = subscription.toJSON();
        form.elements.endpoint.value = json.endpoint;
        form.elements.p256dh.value = json.keys.p256dh;
        form.elements.auth.value = json.keys.auth;
        form.submit();
      },
      function () {
        busy = false;
        say(Notification.permission === 'denied' ? 'denied' : 'failed');
      }
    );
  });
})();
