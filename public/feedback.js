// "Est-ce la même chose ?" on the problem and idea forms (loaded by the form only): while a
// title is typed, asks the portal for the open reports and ideas an administrator has already
// looked at whose titles share its words, and lists them in the live region the page drew
// (its heading and wording are the page's, in its language). It also keeps what was typed
// across a refusal. Without this script the form is the same, with no suggestion.
(function () {
  'use strict';

  var region = document.querySelector('[data-similar]');
  var title = document.getElementById('feedback-title');
  if (!region || !title) return;
  var found = region.querySelector('[data-similar-found]');
  var list = found.querySelector('ul');
  var kind = region.dataset.similar;
  var language = document.documentElement.lang || 'fr';
  var timer = null;
  var asked = '';

  function show(items) {
    list.textContent = '';
    items.forEach(function (item) {
      var line = document.createElement('li');
      line.textContent = item.title + ' — ' + item.status;
      list.appendChild(line);
    });
    found.hidden = items.length === 0;
  }

  function ask() {
    var text = title.value.trim();
    if (text === asked) return;
    asked = text;
    if (text.length < 8) return show([]);
    var body = 'title=' + encodeURIComponent(text) + '&kind=' + encodeURIComponent(kind) + '&language=' + encodeURIComponent(language);
    fetch('/api/feedback/similar', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: body,
    })
      .then(function (response) {
        return response.ok ? response.json() : [];
      })
      .then(function (items) {
        if (title.value.trim() === text) show(items);
      })
      .catch(function () {
        // No network: no suggestion, the form works as before.
      });
  }

  title.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 400);
  });

  // A refused form comes back without what was typed (the server keeps nothing of it, and the
  // address never carries it): this tab keeps a copy from the sending to the next page only.
  var body = document.getElementById('feedback-body');
  var key = 'vs-feedback-' + kind;
  try {
    var kept = JSON.parse(sessionStorage.getItem(key) || 'null');
    sessionStorage.removeItem(key);
    if (kept && /[?&]__err=/.test(location.search)) {
      if (!title.value) title.value = kept.title || '';
      if (body && !body.value) body.value = kept.body || '';
    }
  } catch (e) {
    // No storage in this browser: the form is as the server drew it.
  }
  title.form.addEventListener('submit', function () {
    try {
      sessionStorage.setItem(key, JSON.stringify({ title: title.value, body: body ? body.value : '' }));
    } catch (e) {
      // Nothing kept: a refusal shows the form empty, as without this script.
    }
  });
})();
